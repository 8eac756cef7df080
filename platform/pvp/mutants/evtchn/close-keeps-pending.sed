# evtchn_close frees a port by its state alone, leaving the rest of the
# entry for the next evtchn_alloc to reset: the events pending on an
# unbound port are not discarded, so evtchn_status of the closed port
# reports state free with pending 1 (up to 255 with evtchn_fifo), where
# the doc discards them and a free port has none pending (1.1+).
/^int64_t pvp_handle_evtchn_close(/,/^}$/{
s/^\tmemset(&c->ports\[port\], 0, sizeof(c->ports\[port\])); \/\* pending discarded \*\/$/\tc->ports[port].state = ST_FREE; \/* evtchn_alloc resets the rest *\//
}
