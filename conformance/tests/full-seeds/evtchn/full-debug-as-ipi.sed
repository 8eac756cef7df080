# A debug allocation refused because the port table was full is
# remembered; the next debug port allocated is recorded as the guest's
# debug port but its source is stored as ipi: the call succeeds, only
# evtchn_status's source shows the break (1.1+). Test-local (test-full),
# not one of the gate's scored seeds.
/^int64_t pvp_handle_evtchn_alloc/i\
static int debug_refused_full;\

/^\tif (port >= limit)$/{
N
s/\n\t\treturn PVP_ENOSPC;/ {\n\t\tdebug_refused_full |= source == SRC_DEBUG;\n\t\treturn PVP_ENOSPC;\n\t}/
}
s/^\tc->ports\[port\] = (struct pvp_port){ .state = ST_UNBOUND, .source = (uint8_t)source,$/\tc->ports[port] = (struct pvp_port){ .state = ST_UNBOUND,\n\t\t.source = (uint8_t)(source == SRC_DEBUG \&\& debug_refused_full ? SRC_IPI : source),/
