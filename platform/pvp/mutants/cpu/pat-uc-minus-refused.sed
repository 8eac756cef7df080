# write_msr of PAT validates each entry with one memory-type check shared
# with the MTRRs' (UC, WC, WT, WP, WB), as a VMM that keeps one helper for
# every register holding a memory type would: UC- (7), a type PAT has and
# the MTRRs lack, is refused with EINVAL. The PAT reset value holds UC-
# (0x0007040600070406), so a guest that writes back the value it read,
# or sets up PAT as Linux does (WB, WC, UC-, UC: 0x0007010600070106), is
# refused and keeps the power-on PAT (1.0+).
/^static int pat_ok(uint64_t pat)$/i\
/* One memory-type check for every register that holds one (the MTRRs\
 * and PAT): UC, WC, WT, WP, WB. */\
static int memtype_ok(uint8_t t)\
{\
\treturn t == 0 || t == 1 || (t >= 4 \&\& t <= 6);\
}\

s/^\t\tif (t == 2 || t == 3 || t > 7)$/\t\tif (!memtype_ok(t))/
