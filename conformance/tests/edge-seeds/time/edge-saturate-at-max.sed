# A relative deadline saturates only when it is 2^64 - 1 itself: any
# other deadline whose sum with the current time passes the top wraps
# into the past (1.2+). Test-local (test-edges), not one of the gate's
# scored seeds.
s/at = now + deadline_ns < now ? UINT64_MAX : now + deadline_ns;/at = deadline_ns == UINT64_MAX ? UINT64_MAX : now + deadline_ns;/
