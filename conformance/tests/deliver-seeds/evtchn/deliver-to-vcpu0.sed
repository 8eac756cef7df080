# Every event is injected into vCPU 0, whatever vCPU its port is bound
# to: a guest that binds its IPIs or a timer port to vCPU 1 never sees
# them there (test-deliver: a seed of the delivery class besides the
# gate's deliver-to-caller).
s/c->opt.inject(c->opt.inject_ctx, p->vcpu, p->vector);/c->opt.inject(c->opt.inject_ctx, 0, p->vector);/
