# Behaviour-preserving: evtchn_alloc tries the allocation hint first and
# scans upwards only when that port is taken, the common case (nothing
# closed since the last allocation) costing one look.
/^int64_t pvp_handle_evtchn_alloc/,/^}/{
/^\tfor (port = c->port_hint; port < limit && c->ports\[port\].state != ST_FREE; port++)$/{
N
s/.*/\tport = c->port_hint;\
\tif (port < limit \&\& c->ports[port].state != ST_FREE)\
\t\tfor (port++; port < limit \&\& c->ports[port].state != ST_FREE; port++)\
\t\t\t;/
}
}
