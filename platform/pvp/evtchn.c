/* Event channels: a port table shared by the guest's vCPUs. Ports are
 * handles, allocated lowest first from 1, below the declared limit
 * `ports` of the negotiated revision and grant (the table is sized for
 * the largest). The dispatch has refused ports, vCPUs and vectors
 * outside their limits before a handler runs. */
#include "platform/pvp/pvp_internal.h"

#include <string.h>

enum { ST_FREE = 0, ST_UNBOUND = 1, ST_BOUND = 2 };
enum { SRC_IPI = 0, SRC_TIMER = 1, SRC_DEBUG = 2 };
#define NO_VCPU 0xffffffffu
#define FIFO_DEPTH 255u

static uint32_t port_limit(const struct pvp_ctx *c)
{
	uint64_t v = pvp_limit_value(&c->st, PVP_LIMIT_PORTS);

	return (uint32_t)(v < PVP_LIMIT_PORTS_CEILING ? v : PVP_LIMIT_PORTS_CEILING);
}

static void deliver(struct pvp_ctx *c, struct pvp_port *p)
{
	c->stats.delivered++;
	if (c->opt.inject)
		c->opt.inject(c->opt.inject_ctx, p->vcpu, p->vector);
}

void pvp_evtchn_raise(struct pvp_ctx *c, uint32_t port)
{
	struct pvp_port *p = &c->ports[port];

	if (p->state == ST_BOUND && !p->pending)
		deliver(c, p);
	else if (pvp_granted(c, PVP_FEATURE_EVTCHN_FIFO_BIT))
		p->pending = (uint8_t)(p->pending < FIFO_DEPTH ? p->pending + 1u : FIFO_DEPTH);
	else
		p->pending = 1; /* merged with the pending one */
}

int64_t pvp_handle_evtchn_alloc(struct pvp_ctx *c, uint32_t source)
{
	uint32_t port, limit = port_limit(c);

	if ((source == SRC_TIMER && pvp_self(c)->timer_port) ||
	    (source == SRC_DEBUG && c->debug_port))
		return PVP_EBUSY;
	for (port = c->port_hint; port < limit && c->ports[port].state != ST_FREE; port++)
		;
	if (port >= limit)
		return PVP_ENOSPC;
	c->port_hint = port + 1;
	c->ports[port] = (struct pvp_port){ .state = ST_UNBOUND, .source = (uint8_t)source,
					    .vcpu = NO_VCPU };
	if (source == SRC_TIMER)
		pvp_self(c)->timer_port = port;
	else if (source == SRC_DEBUG)
		c->debug_port = (int)port;
	return port;
}

int64_t pvp_handle_evtchn_bind(struct pvp_ctx *c, uint32_t port, uint32_t vcpu, uint8_t vector)
{
	struct pvp_port *p = &c->ports[port];

	if (p->state == ST_FREE)
		return PVP_ENOENT;
	if (p->state == ST_BOUND)
		return PVP_EALREADY;
	p->state = ST_BOUND;
	p->vcpu = vcpu;
	p->vector = vector;
	/* events raised before the bind are delivered now, one per event */
	for (; p->pending; p->pending--)
		deliver(c, p);
	return 0;
}

int64_t pvp_handle_evtchn_send(struct pvp_ctx *c, uint32_t port)
{
	if (c->ports[port].state == ST_FREE)
		return PVP_ENOENT;
	if (c->ports[port].source != SRC_IPI)
		return PVP_EPERM; /* only the platform raises timer and debug events */
	pvp_evtchn_raise(c, port);
	return 0;
}

int64_t pvp_handle_evtchn_close(struct pvp_ctx *c, uint32_t port)
{
	uint32_t i;

	if (c->ports[port].state == ST_FREE)
		return PVP_ENOENT;
	for (i = 0; i < c->opt.nvcpus; i++)
		if (c->vcpus[i].timer_port == port)
			c->vcpus[i].timer_port = 0; /* later expiries are dropped */
	if (c->debug_port == (int)port)
		c->debug_port = 0;
	memset(&c->ports[port], 0, sizeof(c->ports[port])); /* pending discarded */
	if (port < c->port_hint)
		c->port_hint = port;
	return 0;
}

/* evtchn_status is size-guarded: fields placed by the negotiated
 * revision's generated layout, whole fields only, up to the smaller of
 * the guest's size and the layout's. */
int64_t pvp_handle_evtchn_status(struct pvp_ctx *c, uint32_t port, struct pvp_gptr status)
{
	const struct pvp_layout_evtchn_status *l = PVP_LAYOUT(c, evtchn_status);
	const int32_t offs[] = { l->size, l->state, l->source, l->vcpu, l->vector, l->pending };
	const uint8_t width[] = { 4, 4, 4, 4, 4, 4 };
	const struct pvp_port *p = &c->ports[port];
	uint8_t b[64] = { 0 };
	uint32_t gsize, n;

	if (l->size < 0 || (uint64_t)l->size + 4 > status.size ||
	    pvabi_gmem_read(&c->host, status.gpa + (uint32_t)l->size, &gsize, 4))
		return PVP_EFAULT;
	if (gsize < PVP_LAYOUT_EVTCHN_STATUS_MIN_SIZE)
		return PVP_EINVAL;
	n = gsize < l->bytes ? gsize : l->bytes;
	n = n < status.size ? n : (uint32_t)status.size;
	n = n < sizeof(b) ? n : (uint32_t)sizeof(b);
	n = pvp_whole_fields(offs, width, sizeof(width), n, l->bytes);
	pvp_put32(b, n, l->size, n);
	pvp_put32(b, n, l->state, p->state);
	pvp_put32(b, n, l->source, p->state == ST_FREE ? SRC_IPI : p->source);
	pvp_put32(b, n, l->vcpu, p->state == ST_BOUND ? p->vcpu : NO_VCPU);
	pvp_put32(b, n, l->vector, p->state == ST_BOUND ? p->vector : 0);
	pvp_put32(b, n, l->pending, p->pending);
	return pvabi_gmem_write(&c->host, status.gpa, b, n) ? PVP_EFAULT : 0;
}
