# evtchn_alloc starts a new timer port with the vCPU's timer disarmed,
# as if the deadline belonged to the port: a guest that moves its timer
# to another port (close, allocate, bind: a new vector) while a deadline
# is armed loses that deadline, although set_timer arms the vCPU's
# timer, whatever port it has; the expiry never comes.
s/^	if (source == SRC_TIMER)$/	if (source == SRC_TIMER) {/
s/^		pvp_self(c)->timer_port = port;$/&\
		pvp_self(c)->timer_deadline = 0; \/* a new timer port starts idle *\/\
	}/
s/^	else if (source == SRC_DEBUG)$/	if (source == SRC_DEBUG)/
