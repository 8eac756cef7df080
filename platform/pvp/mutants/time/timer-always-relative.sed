# set_timer takes every deadline as relative: '|' typed for '&'.
s/^\tif (flags & TIMER_RELATIVE)$/\tif (flags | TIMER_RELATIVE)/
