# evtchn_status reports the guest's size in `size` instead of the bytes
# it wrote: right whenever the guest passes its own layout, wrong for a
# newer guest's larger buffer. Test-local (test-sizes), not one of the
# gate's scored seeds.
s/^\tpvp_put32(b, n, l->size, n);$/\tpvp_put32(b, n, l->size, gsize);/
