# Behaviour-preserving: the tick disarms every due timer in one pass and
# raises their expiries in a second, in the same vCPU order, as a VMM
# that raises events outside the pass over its timers would; raising
# runs no timer code, so each expiry goes where and when it went.
/^void pvp_platform_tick(struct pvp_ctx \*c)$/,/^}$/c\
void pvp_platform_tick(struct pvp_ctx *c)\
{\
\tuint64_t now = pvp_platform_time(c);\
\tuint32_t i, n = 0, due[PVP_MAX_VCPUS];\
\
\tfor (i = 0; i < c->opt.nvcpus; i++) {\
\t\tstruct pvp_vcpu *v = \&c->vcpus[i];\
\
\t\tif (v->timer_deadline \&\& v->timer_deadline <= now) {\
\t\t\tv->timer_deadline = 0;\
\t\t\tdue[n++] = i;\
\t\t}\
\t}\
\tfor (i = 0; i < n; i++) {\
\t\tuint32_t port = c->vcpus[due[i]].timer_port;\
\
\t\tc->stats.timer_fired++;\
\t\tif (port)\
\t\t\tpvp_evtchn_raise(c, port);\
\t\telse\
\t\t\tc->stats.timer_dropped++; /* no timer port: the expiry is dropped */\
\t}\
}
