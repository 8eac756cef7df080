# Precise timers kept in a 1 ms timer wheel: a deadline still ahead,
# without `coarse`, is rounded up to the next whole millisecond of
# platform time, as a port onto a jiffies-based wheel (HZ=1000) stores
# it; a deadline already past still fires at once, and a coarse one is
# kept as it was. Every timer without `coarse` now fires up to 1 ms
# late, which only `coarse` allows (1.0+).
s/^\tv->timer_deadline = at;$/\tv->timer_deadline = !(flags \& TIMER_COARSE) \&\& at > now \&\& at <= UINT64_MAX - 999999u ? (at + 999999u) \/ 1000000u * 1000000u : at;/
