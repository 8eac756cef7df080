# set_timer checks `future` against an absolute deadline before it looks
# at a cancel: deadline_ns = 0 with `future` set is "in the past" and
# fails with ETIME, so a guest that cancels with the flags it armed with
# keeps its timer armed. The doc: 0 cancels, whatever the flags.
s/^\tif (!deadline_ns) {$/\tif ((flags \& TIMER_FUTURE) \&\& !(flags \& TIMER_RELATIVE) \&\& deadline_ns <= now)\n\t\treturn PVP_ETIME;\n&/
