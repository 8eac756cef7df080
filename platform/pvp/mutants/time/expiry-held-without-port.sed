# An expiry that falls due while the vCPU has no timer port stays armed
# until the vCPU has one, so that the tick is not lost, as a developer
# who defers an interrupt its line cannot take yet would write it: the
# next timer port the vCPU allocates gets an event for a deadline that
# passed before it existed (set_timer(1) with no port, then
# evtchn_alloc(timer): pending 1 [0]). The doc drops the expiry of a vCPU
# without a timer port, and a guest that allocates its timer port and
# then arms it gets a spurious tick first (1.0+).
s/^\t\tif (!v->timer_deadline || v->timer_deadline > now)$/\t\tif (!v->timer_deadline || v->timer_deadline > now || !v->timer_port)/
