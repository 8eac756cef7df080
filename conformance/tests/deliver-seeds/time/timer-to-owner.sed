# A timer's expiry is injected straight into the vCPU whose timer fired,
# with its port's vector, not into the vCPU the port is bound to: right
# whenever a vCPU binds its own timer port to itself, wrong when a guest
# moves its timer interrupts to another vCPU (test-deliver).
s/^\t\t\tpvp_evtchn_raise(c, v->timer_port);/\t\t\t{ struct pvp_port *p = \&c->ports[v->timer_port];\n\t\t\t  if (p->state == 2 \&\& !p->pending \&\& c->opt.inject)\n\t\t\t\tc->opt.inject(c->opt.inject_ctx, i, p->vector);\n\t\t\t  else\n\t\t\t\tpvp_evtchn_raise(c, v->timer_port); }/
