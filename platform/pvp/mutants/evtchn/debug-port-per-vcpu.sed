# The debug source kept per vCPU like the timer source, as Xen keeps its
# VIRQ_DEBUG per vCPU: each vCPU may allocate a debug port of its own, so
# a second debug port allocated from another vCPU is served, not EBUSY,
# although the doc allows one per guest (1.1+, two vCPUs).
/^int64_t pvp_handle_evtchn_alloc(/i\
/* Each vCPU's debug port (0: none), reset with the platform (a new\
 * start_ns): one per vCPU, as the timer port. */\
static uint32_t *debug_of(const struct pvp_ctx *c)\
{\
\tstatic uint32_t port_of[PVP_MAX_VCPUS];\
\tstatic uint64_t epoch;\
\
\tif (epoch != c->start_ns) {\
\t\tmemset(port_of, 0, sizeof(port_of));\
\t\tepoch = c->start_ns;\
\t}\
\treturn port_of;\
}\

s|^\t    (source == SRC_DEBUG && c->debug_port))$|\t    (source == SRC_DEBUG \&\& debug_of(c)[c->vcpu]))|
s|^\t\tc->debug_port = (int)port;$|\t\tc->debug_port = (int)(debug_of(c)[c->vcpu] = port);|
/^\tif (c->debug_port == (int)port)$/i\
\tfor (i = 0; i < c->opt.nvcpus; i++)\
\t\tif (debug_of(c)[i] == port)\
\t\t\tdebug_of(c)[i] = 0;
