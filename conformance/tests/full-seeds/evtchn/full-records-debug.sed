# With the port table full, evtchn_alloc for the debug source answers
# ENOSPC, as it should, but records the guest's debug port first (the
# lowest port, which the ipi fill holds): once a port is freed, the
# debug port is refused with EBUSY (1.1+, where the debug source
# exists). Test-local (test-full), not one of the gate's scored seeds.
/^\tif (port >= limit)$/{
N
s/\n\t\treturn PVP_ENOSPC;/ {\n\t\tif (source == SRC_DEBUG)\n\t\t\tc->debug_port = 1;\n\t\treturn PVP_ENOSPC;\n\t}/
}
