# get_time_info writes the fields that never move (tsc_shift,
# tsc_to_ns_mul, tsc_khz, flags, reserved0, boot_wallclock_ns) with a
# vCPU's first snapshot only; later snapshots refresh size and the time
# pair, as a port of a shared per-vCPU time area, which the guest reads
# in place, keeps the rest: a guest that takes a later snapshot into
# another buffer, or one it reused, finds in those fields what the buffer
# held, although the doc writes every field that fits (1.0+).
/^int64_t pvp_handle_get_time_info/i\
/* The vCPUs that have had their first snapshot, since the platform\
 * started at info_start: only the moving fields are written again. */\
static uint64_t info_start;\
static uint8_t info_written[PVP_MAX_VCPUS];\
\
static int info_write_moving(struct pvp_ctx *c, const struct pvp_layout_time_info *l,\
\t\t\t     uint64_t gpa, const uint8_t *b, uint32_t n)\
{\
\tconst int32_t offs[] = { l->size, l->tsc_timestamp, l->system_time_ns };\
\tconst uint8_t width[] = { 4, 8, 8 };\
\tsize_t i;\
\
\tfor (i = 0; i < sizeof(width); i++)\
\t\tif (offs[i] >= 0 \&\& (uint32_t)offs[i] + width[i] <= n \&\&\
\t\t    pvabi_gmem_write(\&c->host, gpa + (uint32_t)offs[i], b + offs[i], width[i]))\
\t\t\treturn -1;\
\treturn 0;\
}\

/^\treturn pvabi_gmem_write(&c->host, info.gpa, b, n) ? PVP_EFAULT : 0;/i\
\tif (info_start != c->start_ns) {\
\t\tmemset(info_written, 0, sizeof(info_written));\
\t\tinfo_start = c->start_ns;\
\t}\
\tif (info_written[c->vcpu])\
\t\treturn info_write_moving(c, l, info.gpa, b, n) ? PVP_EFAULT : 0;\
\tinfo_written[c->vcpu] = 1;
