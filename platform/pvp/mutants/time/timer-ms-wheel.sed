# Deadlines kept in a 1 ms timer wheel: every armed deadline is rounded
# up to the next whole millisecond of platform time, whatever the flags,
# as a port onto a jiffies-based wheel (HZ=1000) stores them. Only
# `coarse` (2.0+) allows lateness; every other timer now fires up to
# 1 ms late, and a deadline that passed less than the rest of a
# millisecond ago no longer fires at once (1.0+).
s/^\tv->timer_deadline = at;$/\tv->timer_deadline = at > UINT64_MAX - 999999u ? UINT64_MAX : (at + 999999u) \/ 1000000u * 1000000u;/
