# A relative deadline is added to the current time without saturation
# (1.2+): a far relative deadline ("never", near 2^64) wraps into the
# past and fires at once, or fails with ETIME under `future`.
s/at = now + deadline_ns < now ? UINT64_MAX : now + deadline_ns;/at = now + deadline_ns;/
