# evtchn_close of a port bound to another vCPU than the caller answers
# EPERM, as a platform whose per-vCPU event queues only their own vCPU
# may touch would guard its teardown: the doc's ports are the guest's,
# and its close refuses only port 0, a port outside the limit and a free
# port, so a guest that tears down an offlined CPU's IPI port from
# another CPU leaks the port and keeps its interrupts (1.0+, two vCPUs).
/^int64_t pvp_handle_evtchn_close(/,/^}/s/^\t\treturn PVP_ENOENT;$/&\n\tif (c->ports[port].state == ST_BOUND \&\& c->ports[port].vcpu != c->vcpu)\n\t\treturn PVP_EPERM; \/* only the bound vCPU tears its port down *\//
