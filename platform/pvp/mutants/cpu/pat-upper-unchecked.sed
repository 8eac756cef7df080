# write_msr of PAT validates only PA0..PA3 (the developer checked the
# low dword, as the entries a 32-bit kernel sets first): a reserved
# memory type (2, 3 or above 7) in PA4..PA7 is stored and answered 0
# instead of refused with EINVAL.
/^static int pat_ok(uint64_t pat)$/,/^}$/s/for (i = 0; i < 8; i++)/for (i = 0; i < 4; i++)/
