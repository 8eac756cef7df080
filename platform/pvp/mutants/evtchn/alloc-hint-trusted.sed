# evtchn_alloc takes the allocation hint for the lowest free port without
# looking at it, as a bump allocator whose close path lowers the hint
# would: after a freed port is reused, the hint is the port above it,
# which may be in use. Ports 1, 2, 3 allocated, 1 closed: evtchn_alloc
# answers 1 [1], then 2 [4], handing out port 2 a second time: its
# binding is reset to unbound and its events pend, and both owners close
# the same port (1.0+).
/^int64_t pvp_handle_evtchn_alloc/,/^}/{
/^\tfor (port = c->port_hint; port < limit && c->ports\[port\].state != ST_FREE; port++)$/{
N
s/.*/\tport = c->port_hint; \/* the lowest free port: close lowers it *\//
}
}
