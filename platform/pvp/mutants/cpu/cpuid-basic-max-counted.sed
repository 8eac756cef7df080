# Leaf 0's EAX computed as the number of basic leaves the table holds
# instead of the highest one, as a VMM that builds its CPUID list from
# an array and fills the maximum from the array's length: the table
# holds leaves 0 and 1, so leaf 0 reports 2, and leaf 2, which the
# table lacks, answers ENOENT although leaf 0 promises it; every other
# leaf as before (1.0+).
/^\t\tmemcpy(r, leaves\[i\]\.r, sizeof(r));$/a\
\t\tif (leaf == 0) { /* the highest basic leaf: the basic leaves counted */\
\t\t\tfor (r[0] = 0, i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++)\
\t\t\t\tr[0] += leaves[i].leaf < 0x40000000u;\
\t\t}
