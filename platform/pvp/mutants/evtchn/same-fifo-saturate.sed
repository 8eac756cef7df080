# pvp_evtchn_raise's queue written as three cases: merged without
# evtchn_fifo, counted while below the depth, merged at the depth (the
# pending count stops at 255, never wraps past its u8).
/^void pvp_evtchn_raise(/,/^}/{
s/^\telse if (pvp_granted(c, PVP_FEATURE_EVTCHN_FIFO_BIT))$/\telse if (!pvp_granted(c, PVP_FEATURE_EVTCHN_FIFO_BIT))\n\t\tp->pending = 1; \/* merged with the pending one *\/\n\telse if (p->pending < FIFO_DEPTH)/
s/^\t\tp->pending = (uint8_t)(p->pending < FIFO_DEPTH ? p->pending + 1u : FIFO_DEPTH);$/\t\tp->pending++; \/* queued; at the depth, merged *\//
/^\telse$/,/^\t\tp->pending = 1; \/\* merged with the pending one \*\/$/d
}
