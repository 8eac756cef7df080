# mmu_update_batch checks a request's reserved0 before its contents, as
# a developer validates a struct's format before its fields: a request
# with reserved0 set and a bad index, table or entry answers EINVAL
# instead of ERANGE, EINVAL or EFAULT in the doc's order, where reserved0
# comes last (1.1+, mmu_batch).
s|^\te = pte_check(c, table, index, value);$|\te = reserved ? PVP_EINVAL : pte_check(c, table, index, value); /* a malformed request first */|
/^\tif (!e && reserved)$/,/^\t\te = PVP_EINVAL; \/\* reserved0 is checked last \*\/$/d
