# An event is injected into the vCPU whose call raised it (the one that
# rang), not into the vCPU the port is bound to: an IPI that vCPU 0
# sends to a port bound to vCPU 1 interrupts vCPU 0 itself, and a timer
# expiry found during another vCPU's call interrupts that vCPU.
s/c->opt.inject(c->opt.inject_ctx, p->vcpu, p->vector);/c->opt.inject(c->opt.inject_ctx, c->vcpu, p->vector);/
