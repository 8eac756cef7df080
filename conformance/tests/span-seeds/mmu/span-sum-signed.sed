# flush_tlb_range looks for a wrap by comparing the end of the range
# with its start as signed 64-bit numbers: a range that starts below
# 2^63 and reaches or passes it is taken for one that wraps past 2^64
# (EINVAL where the spec says 0). Ranges that start at or above 2^63,
# where the platform's own check still decides, answer as before.
# Test-local (test-span), not one of the gate's scored seeds.
/^\tif (va & (PAGE - 1))$/i\
\tif ((int64_t)(va + (uint64_t)npages * PAGE) < (int64_t)va)\
\t\treturn PVP_EINVAL;
