# Behaviour-preserving: get_time_info fills its fields in one loop over
# the layout's offsets and widths, with the values in field order,
# instead of one store per field; the TSC is read before platform time,
# as before, and each value is stored at its field's width.
/^\tpvp_put32(b, n, l->size, n);$/,/^\tpvp_put64(b, n, l->boot_wallclock_ns, c->wall_at_start_ns);$/c\
\tval[0] = n;\
\tval[1] = 1;                      /* tsc_shift: ticks << 1 ... */\
\tval[2] = pvp_virtual_tsc(c);\
\tval[3] = pvp_platform_time(c);   /* same instant */\
\tval[4] = 0x80000000u;            /* ... * 2^31 >> 32 = 1 ns */\
\tval[5] = PVP_TSC_KHZ;\
\tval[6] = pvp_granted(c, PVP_FEATURE_TSC_STABLE_BIT) ? 1u : 0u;\
\tval[7] = 0;\
\tval[8] = c->wall_at_start_ns;\
\tfor (i = 0; i < sizeof(width); i++) {\
\t\tif (width[i] == 4)\
\t\t\tpvp_put32(b, n, offs[i], (uint32_t)val[i]);\
\t\telse\
\t\t\tpvp_put64(b, n, offs[i], val[i]);\
\t}
s/^\tuint32_t gsize, n;$/\tuint32_t gsize, n;\
\tuint64_t val[9];\
\tsize_t i;/
