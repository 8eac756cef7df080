# Behaviour-preserving: yield's range check folds the "no target"
# sentinel into the bound by unsigned wrap-around: target_vcpu + 1 (u32)
# above the number of vCPUs is refused with ERANGE, and 0xffffffff + 1 is
# 0, never above it, so every target answers as before: below the vCPU
# count and 0xffffffff are served, every other value is ERANGE.
s/^\tif (target_vcpu != NO_TARGET && target_vcpu >= c->opt.nvcpus)$/\tif ((uint32_t)(target_vcpu + 1u) > c->opt.nvcpus) \/* NO_TARGET wraps to 0 *\//
