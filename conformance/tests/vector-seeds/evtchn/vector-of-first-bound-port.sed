# One vector per vCPU instead of one per port, as a platform modelling a
# single callback vector per vCPU would: every event is injected with the
# vector of the lowest-numbered port bound to the same vCPU. Right while
# every port of a vCPU shares a vector; the second port's event lands on
# the first port's handler otherwise. Test-local (test-vector), not one
# of the gate's scored seeds.
s/^\t\tc->opt.inject(c->opt.inject_ctx, p->vcpu, p->vector);$/\t\tc->opt.inject(c->opt.inject_ctx, p->vcpu, first_vector(c, p));/
/^static void deliver(struct pvp_ctx \*c, struct pvp_port \*p)$/i\
static uint8_t first_vector(const struct pvp_ctx *c, const struct pvp_port *p)\
{\
	uint32_t i;\
\
	for (i = 1; i < PVP_LIMIT_PORTS_CEILING; i++)\
		if (c->ports[i].state == ST_BOUND && c->ports[i].vcpu == p->vcpu)\
			return c->ports[i].vector;\
	return p->vector;\
}\

