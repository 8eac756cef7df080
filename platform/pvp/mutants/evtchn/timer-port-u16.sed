# evtchn_alloc records a vCPU's timer port in 16 bits, as a port from a
# platform whose event channel numbers were 16-bit: a timer port at or
# above 65536 (only with evtchn_fifo, whose limit is 131072) is recorded
# as its low 16 bits, so port 65536 leaves the vCPU without a timer port
# (its expiries dropped, a second evtchn_alloc(timer) served instead of
# EBUSY) and port 65537 points the vCPU's expiries at port 1 (2.0+,
# evtchn_fifo).
/^int64_t pvp_handle_evtchn_alloc(/,/^}$/{
s/^\t\tpvp_self(c)->timer_port = port;$/\t\tpvp_self(c)->timer_port = (uint16_t)port;/
}
