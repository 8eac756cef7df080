# set_timer with `relative` and deadline 0 changes nothing, as "no
# delay added" would: the cancel leaves the armed deadline in force,
# while 0 without `relative` still cancels (1.2+): a guest that cancels
# in the mode it armed in gets the expiry anyway.
s/^\tif (!deadline_ns) {$/\tif (!deadline_ns \&\& (flags \& TIMER_RELATIVE))\n\t\treturn 0; \/* nothing to add *\/\n&/
