# The lazy tick injects a vector at most once per vCPU in a pass, as a
# local APIC's IRR holds one request per vector: when two expiries due
# in the same pass raise events on ports bound to the same vCPU and
# vector, the second is counted delivered and raises no interrupt,
# although each event on a bound port is delivered by injecting its
# vector (evtchn_bind's doc; several ports may share one). An SMP guest
# that binds every vCPU's timer port to its boot vCPU loses a tick
# whenever two fall due together (1.0+, two vCPUs).
s/^\tuint32_t i;$/\tuint32_t i, asked = 0; \/* (vCPU + 1) << 8 | vector injected in this pass *\//
/^\t\tif (v->timer_port)$/{
i\
\t\tif (v->timer_port && c->ports[v->timer_port].state == 2 && !c->ports[v->timer_port].pending &&\
\t\t    asked == ((c->ports[v->timer_port].vcpu + 1) << 8 | c->ports[v->timer_port].vector)) {\
\t\t\tc->stats.delivered++; /* already requested on that vCPU: one interrupt serves both */\
\t\t\tcontinue;\
\t\t}\
\t\tif (v->timer_port && c->ports[v->timer_port].state == 2 && !c->ports[v->timer_port].pending)\
\t\t\tasked = (c->ports[v->timer_port].vcpu + 1) << 8 | c->ports[v->timer_port].vector;
}
