# Without evtchn_fifo granted, events raised on a pending port are
# counted all the same, and evtchn_status reports the count capped at 1:
# pending reads as merged, but the bind delivers one interrupt per event
# raised (the other grant state than a bind that merges queued ones).
s|p->pending = 1; /\* merged with the pending one \*/|p->pending = (uint8_t)(p->pending < FIFO_DEPTH ? p->pending + 1u : FIFO_DEPTH);|
s|pvp_put32(b, n, l->pending, p->pending);|pvp_put32(b, n, l->pending, pvp_granted(c, PVP_FEATURE_EVTCHN_FIFO_BIT) \|\| p->pending < 2 ? p->pending : 1u);|
