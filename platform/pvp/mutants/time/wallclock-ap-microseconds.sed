# An application processor's snapshot fills boot_wallclock_ns from the
# wall clock at start kept in microseconds (as a struct timeval copy made
# when the AP's time area was set up), vCPU 0's from the nanosecond
# value: a 2.0+ guest that caches the base from vCPU 0 reads a base up to
# 999 ns earlier on vCPU 1 with no host clock step, and takes it for one
# (a resync, or its wall clock going back as it moves between vCPUs).
s/^	pvp_put64(b, n, l->boot_wallclock_ns, c->wall_at_start_ns);$/	pvp_put64(b, n, l->boot_wallclock_ns, pvp_self(c) == \&c->vcpus[0] ? c->wall_at_start_ns : c->wall_at_start_ns \/ 1000 * 1000);/
