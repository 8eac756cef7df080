# set_timer's defined flags: `coarse` taken as defined after 2.0 rather
# than from 2.0 (the revision boundary made exclusive): a 2.0 guest's
# coarse timer is refused with EINVAL and nothing is armed.
s/if (rev >= REV(2, 0))/if (rev > REV(2, 0))/
