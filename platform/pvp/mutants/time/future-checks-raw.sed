# `future` compares the deadline as the guest passed it, not the
# absolute deadline it was turned into (1.2+): with `relative`, any
# delay shorter than the platform's uptime is taken for a past deadline
# and fails with ETIME, and the timer is not armed.
s/if ((flags & TIMER_FUTURE) && at <= now)/if ((flags \& TIMER_FUTURE) \&\& deadline_ns <= now)/
