# Relative timers are armed on a tick wheel: the deadline is placed
# relative to the tick the call falls in (2^20 ns, about a millisecond),
# so the part of the current time below the tick is lost and a relative
# timer fires up to a millisecond early (1.2+). Answers, ETIME under
# `future` and saturation stay right. Test-local (test-now), not one of
# the gate's scored seeds.
s/^\tv->timer_deadline = at;$/\tv->timer_deadline = (flags \& TIMER_RELATIVE) \&\& at != UINT64_MAX ? at - (now \& 0xfffff) : at;/
