# Behaviour-preserving: evtchn_close looks for the vCPU whose timer port
# it frees only when the port's source is timer, and forgets the debug
# port only when the source is debug. A vCPU's timer port is always a
# timer port (set by evtchn_alloc for that source, cleared here), and the
# debug port a debug port, so the same records are cleared.
s/^	for (i = 0; i < c->opt.nvcpus; i++)$/	for (i = 0; c->ports[port].source == SRC_TIMER \&\& i < c->opt.nvcpus; i++)/
s/^	if (c->debug_port == (int)port)$/	if (c->ports[port].source == SRC_DEBUG \&\& c->debug_port == (int)port)/
