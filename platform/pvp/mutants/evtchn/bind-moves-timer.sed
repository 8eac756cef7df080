# evtchn_bind of a timer port makes it the timer port of the vCPU it is
# bound to, as Xen binds VIRQ_TIMER per vCPU: the timer that raises on a
# port is taken to be the one of the vCPU its events go to. The doc keeps
# the timer port the allocating vCPU's, whichever vCPU it is bound to: a
# vCPU 0 timer port bound to vCPU 1 no longer gets vCPU 0's expiries
# (dropped), vCPU 0 may allocate a second timer port, and vCPU 1 (if it
# had none) is refused its own with EBUSY (1.0+, two vCPUs).
s/^\tp->vector = vector;$/&\n\tif (p->source == SRC_TIMER \&\& !c->vcpus[vcpu].timer_port) {\n\t\tuint32_t i;\n\n\t\tfor (i = 0; i < c->opt.nvcpus; i++)\n\t\t\tif (c->vcpus[i].timer_port == port)\n\t\t\t\tc->vcpus[i].timer_port = 0;\n\t\tc->vcpus[vcpu].timer_port = port; \/* the bound vCPU's timer *\/\n\t}/
