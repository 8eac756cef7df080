# The queued count kept as a plain u8 counter, without the saturation:
# with evtchn_fifo granted, each event raised on a port whose event is
# still pending adds one, so the 256th raise on a port holding 255 wraps
# the count to 0 and the port's queue is silently emptied (pending 0,
# the bind delivers nothing), where the doc says an event past the 255th
# is merged and pending stays 255; sends and timer expiries alike (2.0+,
# evtchn_fifo).
/^void pvp_evtchn_raise(/,/^}/s/^\t\tp->pending = (uint8_t)(p->pending < FIFO_DEPTH ? p->pending + 1u : FIFO_DEPTH);$/\t\tp->pending = (uint8_t)(p->pending + 1u); \/* queued *\//
