# get_steal_time answers only for the calling vCPU: steal is accounted
# per serving thread, so another vCPU's (below the vCPU count) is
# refused with ERANGE as if it did not exist (2.1, steal_time)
s|^\t(void)vcpu; /\* below the vcpus limit: the dispatch checked it \*/$|\tif (vcpu != c->vcpu)\
\t\treturn PVP_ERANGE; /* only the serving thread's run-queue wait is known */|
