# evtchn_status fills a buffer kept between calls (no zeroing per call)
# and writes the vector only for a bound port, as when the buffer started
# zeroed: the status of an unbound or free port shows the vector of the
# last bound port whose status was read
s/^\tuint8_t b\[64\] = { 0 };$/\tstatic uint8_t b[64]; \/* every field within n is written below *\//
s/^\tpvp_put32(b, n, l->vector, p->state == ST_BOUND ? p->vector : 0);$/\tif (p->state == ST_BOUND)\
\t\tpvp_put32(b, n, l->vector, p->vector);/
