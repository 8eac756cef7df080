# Init no longer starts the port allocator at 1 (the line looked
# redundant after the memset): the first evtchn_alloc hands out port 0,
# which means "no port", and every op on port 0 is refused with EINVAL.
/^\tc->port_hint = 1;$/d
