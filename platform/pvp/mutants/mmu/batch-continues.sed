# mmu_update_batch goes on past a failing request (best effort) and
# returns the first error: the requests after it are applied, and
# `done` says count, although the ABI stops at the first failure and
# reports the number applied before it.
s/^\t\te = apply_req(c, reqs.gpa + (uint64_t)i \* size, size);$/\t\t{ int64_t r = apply_req(c, reqs.gpa + (uint64_t)i * size, size); e = e ? e : r; }/
/^\t\tif (e)$/{N;d;}
