# Expired timers are run after the call instead of before it, so that a
# deadline the call itself sets in the past fires in the same call: a
# deadline that passed before the call is lost when the call re-arms or
# cancels the timer, or closes its port, instead of being raised first.
/^int64_t pvp_platform_call/,/^}/c\
int64_t pvp_platform_call(struct pvp_ctx *c, uint32_t op, uint32_t nargs, const uint64_t *args)\
{\
	int64_t r = pvp_dispatch(c, &c->st, op, nargs, args);\
\
	if (c->st.negotiated)\
		pvp_platform_tick(c);\
	return r;\
}
