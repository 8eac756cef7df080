# evtchn_close frees the port but the allocator's hint never moves back:
# freed port numbers are not reused, allocation is not lowest-first after
# a close, and a guest that allocates and closes in a loop runs into
# ENOSPC with free ports below the limit.
/^\tif (port < c->port_hint)$/{N;d}
