# set_timer checks its flags against the timer flags of the newest
# revision the platform serves, not the negotiated one: a 1.2 or 1.3
# guest's `coarse` (defined from 2.0) is accepted and its timer armed
s/^\tif (flags & ~timer_flags_defined(pvp_rev(c)))$/\tif (flags \& ~timer_flags_defined(c->profile.max))/
