# Due timers run only before the ops that touch timers or ports
# (set_timer, the evtchn ops, yield): the others take a fast path that
# skips the lazy tick, as a VMM's fastpath exits skip pending work. A
# guest that waits for its timer interrupt while it calls get_time,
# cpuid, an MSR or the log gets no interrupt until it calls one of those
# ops, or rings without a call (1.0+).
/^int64_t pvp_platform_call(/,/^}$/s|^\tif (c->st.negotiated)$|\tif (c->st.negotiated \&\& (op == PVP_OP_SET_TIMER \|\| (op >= PVP_OP_EVTCHN_ALLOC \&\& op <= PVP_OP_YIELD) \|\| op == PVP_OP_EVTCHN_STATUS)) /* fast path for the rest */|
