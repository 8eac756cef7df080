# yield compares the target with the number of vCPUs as signed 32-bit
# integers: 0xfffffffe reads as -2, below any count, and is served
# instead of ERANGE (0xffffffff, no target, is tested first and stays
# right). Test-local (test-edges), not one of the gate's scored seeds.
s/target_vcpu != NO_TARGET && target_vcpu >= c->opt.nvcpus/target_vcpu != NO_TARGET \&\& (int32_t)target_vcpu >= (int32_t)c->opt.nvcpus/
