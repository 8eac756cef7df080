# set_timer with `future` and a past deadline fails with ETIME, but the
# earlier deadline was already cleared (the new call "replaces" it before
# its checks): the refused call leaves no timer armed.
s/^\tif ((flags \& TIMER_FUTURE) \&\& at <= now)$/\tv->timer_deadline = 0; \/* replaced by this call *\/\n&/
