# get_steal_time takes the run-queue wait for microseconds and converts
# it to nanoseconds: steal time is 1000 times what the vCPU lost, rises
# faster than platform time and soon exceeds get_time.
s|d = d > c->steal_base_ns ? d - c->steal_base_ns : 0;|d = d > c->steal_base_ns ? (d - c->steal_base_ns) * 1000 : 0;|
