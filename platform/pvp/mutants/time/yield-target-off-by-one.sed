# yield accepts a target vCPU equal to the number of vCPUs.
s/target_vcpu >= c->opt.nvcpus/target_vcpu > c->opt.nvcpus/
