# The platform runs its due work (expired timers) only on a ring without
# a call and on the calls that concern timers and events (set_timer,
# get_time, the evtchn ops): a deadline that passed while the guest made
# no call is raised only when the guest next waits or calls one of
# those, not by its next call of any other op.
/^int64_t pvp_platform_call/,/^}/{
s|^	if (c->st.negotiated)$|	if (c->st.negotiated \&\& (op == 8 \|\| op == 9 \|\| (op >= 11 \&\& op <= 14) \|\| op == 17))|
}
