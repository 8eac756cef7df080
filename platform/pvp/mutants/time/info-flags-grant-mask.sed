# time_info.flags generalised to "the time features granted, by their
# feature bit": the grant masked to tsc_stable and steal_time. Bit 0 is
# right (tsc_stable's bit is 0), but a 2.1 guest granted steal_time reads
# bit 4 set in a field whose other bits the doc says are 0, and a guest
# that tests `flags == 1` for a stable TSC finds it unstable.
s/pvp_put32(b, n, l->flags, pvp_granted(c, PVP_FEATURE_TSC_STABLE_BIT) ? 1u : 0u);/pvp_put32(b, n, l->flags, (uint32_t)c->st.granted \&\n\t\t  (1u << PVP_FEATURE_TSC_STABLE_BIT | 1u << PVP_FEATURE_STEAL_TIME_BIT)); \/* time features *\//
