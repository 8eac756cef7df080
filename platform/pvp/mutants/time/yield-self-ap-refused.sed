# A directed yield to the calling vCPU itself is refused (EINVAL: a
# vCPU cannot hand its slice to itself), but the check looks the target
# up among the threads the platform started for the guest's secondary
# vCPUs: the boot vCPU runs on the thread that created the guest, which
# that table does not hold, so only a secondary vCPU's yield to itself is
# refused. yield(0) from vCPU 0 answers 0, yield(1) from vCPU 1 EINVAL;
# a spinlock's directed yield to the lock holder fails whenever an AP
# holds the lock itself (2.0+).
s/^\tc->stats.yields++;$/\tif (c->vcpu != 0 \&\& target_vcpu == c->vcpu)\n\t\treturn PVP_EINVAL; \/* an AP's own thread *\/\n\tc->stats.yields++;/
