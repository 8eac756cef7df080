# evtchn_send takes the source check for a port that is not bound only:
# a bound debug port is sent on as if it were an ipi port (the call
# answers 0 and the debug event is delivered). Timer ports, and a debug
# port before its bind, are still refused with EPERM (1.1+, where the
# debug source exists). Test-local (test-kind), not one of the gate's
# scored seeds.
s/^\tif (c->ports\[port\]\.source != SRC_IPI)$/\tif (c->ports[port].source != SRC_IPI \&\&\n\t    !(c->ports[port].source == SRC_DEBUG \&\& c->ports[port].state == ST_BOUND))/
