# Behaviour-preserving: evtchn_status reports the port's vector as
# stored; only evtchn_bind sets it, and alloc and close zero it, so it
# is 0 unless bound.
s/pvp_put32(b, n, l->vector, p->state == ST_BOUND ? p->vector : 0);/pvp_put32(b, n, l->vector, p->vector);/
