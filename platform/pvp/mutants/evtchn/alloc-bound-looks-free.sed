# evtchn_alloc's scan passes over ports that are unbound, the one state
# a port is in between its allocation and its bind, as a scan written
# before ports could be bound would: a bound port looks free. Below the
# allocation hint every port is taken, so the break shows only once a
# close lowers the hint under a bound port: ports 1, 2, 3 allocated, 2
# and 3 bound, 1 closed: evtchn_alloc answers 1 [1], then 2 [4], handing
# out bound port 2 a second time (its binding reset to unbound); a full
# table of unbound ports is still refused (1.0+).
/^int64_t pvp_handle_evtchn_alloc/,/^}/{
s/^\tfor (port = c->port_hint; port < limit && c->ports\[port\].state != ST_FREE; port++)$/\tfor (port = c->port_hint; port < limit \&\& c->ports[port].state == ST_UNBOUND; port++)/
}
