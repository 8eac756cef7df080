# yield's vCPU check is written like get_steal_time's, without the
# exemption of 0xffffffff ("no target"): every undirected yield fails
# with ERANGE, that is every yield of a 1.0 to 1.3 guest (the compat
# adapter passes 0xffffffff) and a 2.0+ guest's plain yield.
s/if (target_vcpu != NO_TARGET && target_vcpu >= c->opt.nvcpus)/if (target_vcpu >= c->opt.nvcpus)/
