# evtchn_alloc scans the table from port 1, not from the allocation hint:
# no port below the hint is free, so the scan finds the same lowest free
# port, only later.
s/^\tfor (port = c->port_hint; port < limit/\tfor (port = 1; port < limit/
