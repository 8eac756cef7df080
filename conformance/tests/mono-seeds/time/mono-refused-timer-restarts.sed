# A refused set_timer (an undefined flag, 1.2+) restarts the platform's
# clock, as a handler that reinitialises its timer state on the error
# path would: get_time, time_info and the TSC all start again from 0.
s|return PVP_EINVAL; /\* checked before a cancel takes effect \*/|{ pvp_clock_init(c); return PVP_EINVAL; }|
