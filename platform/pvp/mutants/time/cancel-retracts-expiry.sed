# set_timer's cancel (deadline_ns = 0) also discards the events pending
# on the vCPU's timer port, so that a cancelled timer never ticks, as a
# developer who takes a pending expiry for part of the armed timer might
# write it: an expiry already raised on an unbound timer port (the
# deadline passed, or a past deadline fired at once) is taken back:
# evtchn_status shows pending 0 [1] and the port's bind delivers nothing
# [one interrupt, or one per queued event with evtchn_fifo]; the doc
# says a call cannot cancel or drop an expiry raised before it (1.0+).
/^int64_t pvp_handle_set_timer(/,/^}$/{
/^\t\tv->timer_deadline = 0;$/a\
\t\tif (v->timer_port) /* a cancelled timer never ticks */\
\t\t\tc->ports[v->timer_port].pending = 0;
}
