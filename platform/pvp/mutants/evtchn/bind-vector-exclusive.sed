# evtchn_bind refuses a vector that another bound port already uses on
# the same vCPU, with EBUSY, as a platform that routes each vector of a
# vCPU to one port (a per-vCPU vector-to-port table, like an interrupt
# remapping entry) would guard its table: the doc lets several ports
# share a vector, the guest telling them apart with evtchn_status, and
# refuses a bind only for the port's number, the vCPU, the vector's
# range and the port's state; a guest that funnels all its IPIs through
# one vector (a single event upcall, as Xen guests have) binds its first
# port and no other (1.0+).
/^int64_t pvp_handle_evtchn_bind(/,/^}/s/^\tstruct pvp_port \*p = &c->ports\[port\];$/&\
\tuint32_t i;/
/^int64_t pvp_handle_evtchn_bind(/,/^}/s/^\t\treturn PVP_EALREADY;$/&\
\tfor (i = 1; i < port_limit(c); i++)\
\t\tif (c->ports[i].state == ST_BOUND \&\& c->ports[i].vcpu == vcpu \&\&\
\t\t    c->ports[i].vector == vector)\
\t\t\treturn PVP_EBUSY; \/* the vector is routed to another port *\//
