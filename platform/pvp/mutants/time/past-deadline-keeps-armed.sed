# set_timer raises a deadline that has already passed at once, through a
# fast path that skips arming it: the expiry is raised as before, but
# the deadline armed earlier is not replaced and fires too when its time
# comes, although each set_timer replaces any earlier deadline (1.0+).
/^int64_t pvp_handle_set_timer(/,/^}$/{
/^\tv->timer_deadline = at;$/i\
\tif (at <= now) { /* already due: raise it, nothing to arm */\
\t\tc->stats.timer_fired++;\
\t\tif (v->timer_port)\
\t\t\tpvp_evtchn_raise(c, v->timer_port);\
\t\telse\
\t\t\tc->stats.timer_dropped++;\
\t\treturn 0;\
\t}
}
