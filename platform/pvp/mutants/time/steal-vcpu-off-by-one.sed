# get_steal_time accepts a vCPU equal to the number of vCPUs.
s/if (vcpu >= c->opt.nvcpus)/if (vcpu > c->opt.nvcpus)/
