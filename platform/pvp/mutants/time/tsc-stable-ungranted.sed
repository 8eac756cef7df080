# time_info.flags says the TSC is stable whether or not tsc_stable was
# granted.
s/pvp_granted(c, PVP_FEATURE_TSC_STABLE_BIT) ? 1u : 0u/1u/
