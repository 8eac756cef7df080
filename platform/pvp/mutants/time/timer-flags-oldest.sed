# set_timer accepts the timer flags of the oldest revision the guest
# offered (its rev_min, echoed in the agreement) instead of the agreed
# revision's, as a compat layer serving "what every revision the guest
# speaks understands" would: a guest that offered [1.0, 2.1] and agreed
# on 2.1 has every flag refused with EINVAL and nothing armed, though
# the agreed revision defines them; one that offered [1.2, 1.3] is served
# as before.
s/if (flags & ~timer_flags_defined(pvp_rev(c)))/if (flags \& ~timer_flags_defined(c->agreed.guest_min))/
