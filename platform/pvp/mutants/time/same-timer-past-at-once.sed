# Behaviour-preserving: set_timer raises a deadline that has already
# passed itself, disarming the timer, instead of arming it for the tick
# to find; the tick still runs after it for every other vCPU, and a
# deadline still ahead is armed as before.
/^int64_t pvp_handle_set_timer(/,/^}$/{
s/^\tv->timer_deadline = at;$/\tif (at <= now) { \/* already due: fire it here, disarmed *\/\
\t\tv->timer_deadline = 0;\
\t\tc->stats.timer_fired++;\
\t\tif (v->timer_port)\
\t\t\tpvp_evtchn_raise(c, v->timer_port);\
\t\telse\
\t\t\tc->stats.timer_dropped++;\
\t} else {\
\t\tv->timer_deadline = at;\
\t}/
}
