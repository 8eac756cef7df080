# boot_wallclock_ns is written in microseconds, the unit of the host's
# gettimeofday: a value 1000 times too small, before 2020 too. Test-local
# (test-tied), not one of the gate's scored seeds.
s/^\tpvp_put64(b, n, l->boot_wallclock_ns, c->wall_at_start_ns);$/\tpvp_put64(b, n, l->boot_wallclock_ns, c->wall_at_start_ns \/ 1000u);/
