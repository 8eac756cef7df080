# A stray interrupt when the guest's last bound ipi port closes, as a
# platform that parks the released interrupt-remapping entry on a spare
# vector (0x2f) and fires it once while tearing the entry down: vCPU 0
# takes an upcall on a vector no port was ever bound to, after the
# scenario's last wait, between scenarios. Test-local (test-vector), not
# one of the gate's scored seeds.
s/^\tmemset(&c->ports\[port\], 0, sizeof(c->ports\[port\])); \/\* pending discarded \*\/$/\tif (c->ports[port].state == ST_BOUND \&\& c->ports[port].source == SRC_IPI \&\& !other_bound(c, port) \&\& c->opt.inject)\n\t\tc->opt.inject(c->opt.inject_ctx, 0, 0x2f);\n&/
/^int64_t pvp_handle_evtchn_close(struct pvp_ctx \*c, uint32_t port)$/i\
static int other_bound(const struct pvp_ctx *c, uint32_t port)\
{\
	uint32_t i;\
\
	for (i = 1; i < PVP_LIMIT_PORTS_CEILING; i++)\
		if (i != port \&\& c->ports[i].state == ST_BOUND)\
			return 1;\
	return 0;\
}\

