# evtchn_send on a port whose queue already holds 255 events answers
# ENOSPC, as a ring-buffer event queue refuses its producer when full,
# instead of merging the event with the queued ones: with evtchn_fifo
# granted, the 256th send on an unbound ipi port = -28 [0]; the doc:
# "queued (up to 255; more are merged)"; without the grant (pending 0 or
# 1) nothing changes (2.0+, evtchn_fifo).
/^int64_t pvp_handle_evtchn_send(/,/^}$/{
/^\tpvp_evtchn_raise(c, port);$/i\
\tif (c->ports[port].pending >= FIFO_DEPTH)\
\t\treturn PVP_ENOSPC; /* the port's queue is full */
}
