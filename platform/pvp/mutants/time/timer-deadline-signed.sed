# set_timer and the expiry check compare deadlines as signed 64-bit
# platform time, as a timer ported onto a signed time type (ktime_t,
# s_time_t) does: a deadline at or above 2^63 ns is negative, so in the
# past. An absolute deadline of 2^63 or more, such as 2^64 - 1 ("never"),
# fires at once instead of never (1.0+), or fails with ETIME under
# `future` (1.2+); so does a relative deadline that saturates there.
s/v->timer_deadline > now)/(int64_t)v->timer_deadline > (int64_t)now)/
s/(flags \& TIMER_FUTURE) \&\& at <= now)/(flags \& TIMER_FUTURE) \&\& (int64_t)at <= (int64_t)now)/
