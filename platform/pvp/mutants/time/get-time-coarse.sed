# get_time served from the host's coarse clock, as a hot path that avoids
# a clock read (CLOCK_MONOTONIC_COARSE, jiffies at HZ=250): it advances
# in 4 ms steps and lags the TSC, time_info and the timers' own clock by
# up to 4 ms, so a guest that arms get_time() + d sets a deadline that
# may already have passed (1.0+).
/^int64_t pvp_handle_get_time(struct pvp_ctx \*c)$/,/^}$/c\
int64_t pvp_handle_get_time(struct pvp_ctx *c)\
{\
\tuint64_t t = pvp_platform_time(c);\
\
\treturn (int64_t)(t - t % 4000000u); /* the host tick's resolution */\
}
