# Steal time estimated as the platform time the serving thread did not
# run (platform time since init minus the thread's CPU time since init,
# the first field of schedstat), as a VMM without run-queue statistics
# might: every moment the vCPU was not running counts as stolen, halted,
# waiting and yielded time included, which the doc excludes; a 2.1 guest
# that halts reads its idle time as steal (2.1, steal_time).
s/^\treturn wait;$/\treturn run; \/* CPU time: the rest of platform time was not running *\//
s/^\td = d > c->steal_base_ns ? d - c->steal_base_ns : 0;$/&\n\td = pvp_platform_time(c) > d ? pvp_platform_time(c) - d : 0;/
