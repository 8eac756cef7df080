# Behaviour-preserving: the virtual TSC is platform time scaled by the
# TSC rate in kHz, whole milliseconds and the remainder apart so that the
# product cannot overflow; at 1 GHz that is platform time itself.
/^uint64_t pvp_virtual_tsc(const struct pvp_ctx \*c)$/,/^}$/{
s/^\treturn pvp_platform_time(c);$/\tuint64_t ns = pvp_platform_time(c);\
\
\treturn ns \/ 1000000u * PVP_TSC_KHZ + ns % 1000000u * PVP_TSC_KHZ \/ 1000000u;/
}
