# Platform time made to start when the guest negotiates, by restarting
# the clock as soon as an answer is recorded: every later negotiate call
# (already_negotiated, or a malformed offer) restarts it too. get_time,
# the TSC and time_info jump back to about 0, and a deadline armed
# before is reached only after the uptime has passed again.
/^\tc->answered = 1;$/a\
\tpvp_clock_init(c); /* platform time starts at negotiation */
