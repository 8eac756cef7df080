# Behaviour-preserving: a call runs the lazy tick only when some vCPU has
# a deadline armed, so that a guest with no timer pays no clock read per
# call; the tick does nothing else, so the same expiries are raised.
/^int64_t pvp_platform_call(/i\
/* Whether some vCPU has a deadline armed: the tick has work only then. */\
static int timers_armed(const struct pvp_ctx *c)\
{\
\tuint32_t i;\
\
\tfor (i = 0; i < c->opt.nvcpus; i++)\
\t\tif (c->vcpus[i].timer_deadline)\
\t\t\treturn 1;\
\treturn 0;\
}\

/^int64_t pvp_platform_call(/,/^}$/s|^\tif (c->st.negotiated)$|\tif (c->st.negotiated \&\& timers_armed(c))|
