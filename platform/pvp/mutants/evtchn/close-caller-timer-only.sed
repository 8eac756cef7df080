# evtchn_close clears the calling vCPU's record of its timer port only,
# not the record of the vCPU that owns the port: a timer port is taken
# to be closed by its own vCPU. A guest that tears down an offlined
# vCPU's timer port from another vCPU (as Linux's CPU hot-unplug does)
# leaves that vCPU's record behind: its later timer port is refused with
# EBUSY, and its expiries are raised on the freed number, whatever port
# gets it next.
/^	uint32_t i;$/d
s/^	for (i = 0; i < c->opt.nvcpus; i++)$/	if (pvp_self(c)->timer_port == port) \/* the caller's own timer port *\//
/^		if (c->vcpus\[i\].timer_port == port)$/d
s/^			c->vcpus\[i\].timer_port = 0;/		pvp_self(c)->timer_port = 0;/
