# Behaviour-preserving: the saturating add of a relative deadline
# written with the compiler's overflow builtin.
s/at = now + deadline_ns < now ? UINT64_MAX : now + deadline_ns;/at = __builtin_add_overflow(now, deadline_ns, \&at) ? UINT64_MAX : at;/
