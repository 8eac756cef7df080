# A directed yield to the calling vCPU itself is refused as meaningless
# (EINVAL), as a developer who knows the scheduler skips the caller
# might write it: target_vcpu is any vCPU below the count, the caller
# included, and a guest's lock-holder hint names whichever vCPU holds the
# lock, which can be its own (2.0+).
s/^\tc->stats.yields++;$/\tif (target_vcpu == c->vcpu)\n\t\treturn PVP_EINVAL; \/* yielding to oneself *\/\n\tc->stats.yields++;/
