# Deadlines are compared as signed 64-bit times (as a hypervisor that
# keeps them in a signed nanosecond type does): a deadline of 2^63 or
# more is "in the past" and fires at once, so set_timer at 2^64 - 1 is
# no longer "never". Test-local (test-scen-release): the scenario that
# sees it fails holding a timer port and an armed timer, which without
# release turns every later timer scenario red (EBUSY). Not one of the
# gate's scored seeds.
s/^\t\tif (!v->timer_deadline || v->timer_deadline > now)$/\t\tif (!v->timer_deadline || (int64_t)v->timer_deadline > (int64_t)now)/
