# Relative timers armed in slots of 2^19 ns of platform time (the binary
# fixed point a per-vCPU wheel indexes, time >> 19), rounded up so that
# they never fire early; absolute deadlines are kept to the nanosecond.
# A relative timer now fires up to 0.52 ms late, which only `coarse`
# allows (1.2+).
s/^\t\tat = now + deadline_ns < now ? UINT64_MAX : now + deadline_ns;$/\t\tat = now + deadline_ns < now || now + deadline_ns > UINT64_MAX - 0x7ffffu ? UINT64_MAX : (now + deadline_ns + 0x7ffffu) \& ~(uint64_t)0x7ffff;/
