# The platform's vcpus limit counts the vCPUs that have started (rung
# the doorbell at least once), as a platform that counts online vCPUs
# does, not the vCPUs it runs: before vCPU 1 has made its first call,
# evtchn_bind to vCPU 1 and get_steal_time(1) (2.1) fail with ERANGE. A
# guest that binds a secondary vCPU's IPI and timer ports before it
# brings that vCPU up (Linux's CPU bring-up does) cannot start it.
s/^static int64_t dispatch(/static uint32_t vcpus_started; \/* 1 + the highest vCPU that rang *\/\
\
&/
s/^	c->vcpu = vcpu;$/&\
	if (vcpu >= vcpus_started)\
		vcpus_started = vcpu + 1;/
s/^	c->port_hint = 1;$/&\
	vcpus_started = 1;/
s/return limit == PVP_LIMIT_VCPUS ? c->opt.nvcpus : UINT64_MAX;/return limit == PVP_LIMIT_VCPUS ? (vcpus_started < c->opt.nvcpus ? vcpus_started : c->opt.nvcpus) : UINT64_MAX; \/* online vCPUs *\//
