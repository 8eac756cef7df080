# The platform reports one vCPU more than it runs as its vcpus limit:
# get_steal_time and evtchn_bind accept a vCPU equal to the number of
# vCPUs.
s/return limit == PVP_LIMIT_VCPUS ? c->opt.nvcpus : UINT64_MAX;/return limit == PVP_LIMIT_VCPUS ? c->opt.nvcpus + 1 : UINT64_MAX;/
