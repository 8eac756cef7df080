# set_timer with `relative` counts the delay from the deadline in force,
# not from now, when one is armed (as an interval timer's reload adds its
# period to the expiry it replaces): the first relative deadline is now
# plus the value, but a guest that arms 10 s ahead and then re-arms 2 ms
# ahead gets its expiry 10 s later, not 2 ms (1.2+).
s/^\tif (flags \& TIMER_RELATIVE)$/\tif ((flags \& TIMER_RELATIVE) \&\& v->timer_deadline)\n\t\tnow = v->timer_deadline; \/* from the expiry it replaces *\/\n&/
