# evtchn_send on a timer port answers EPERM, as it should, but raises the
# event before it checks the source: the refused call leaves a timer
# event pending, delivered when the port is bound (or at once on a bound
# port), a spurious timer interrupt. The answer is right in every state;
# only what the refused call left behind shows it. Test-local
# (test-kind), not one of the gate's scored seeds.
/^\tif (c->ports\[port\]\.source != SRC_IPI)$/i\
\tif (c->ports[port].source == SRC_TIMER)\
\t\tpvp_evtchn_raise(c, port);
