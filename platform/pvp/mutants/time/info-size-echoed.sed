# get_time_info answers the size guard with the guest's own size, not the
# bytes it wrote: a guest whose layout is larger than the negotiated
# revision's (a newer kernel that negotiated an older revision) is told
# the fields it lacks were written.
s/pvp_put32(b, n, l->size, n);/pvp_put32(b, n, l->size, gsize);/
