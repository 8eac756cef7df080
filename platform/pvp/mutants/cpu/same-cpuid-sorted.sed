# Behaviour-preserving: the CPUID table kept sorted by leaf and searched
# by bisection instead of a linear scan: leaf 0x40000000 moves between
# the basic and the extended leaves, so every leaf of the table is found
# and every other one refused with ENOENT, as before.
/^\t{ 0x40000000, { 0x40000001, 0x6c505650, 0x6f667461, 0x00006d72 } },$/d
/^\t{ 0x00000001, { 0x000006f1, 0x00000800, 0x80802201, 0x0709ab71 } },$/a\
\t{ 0x40000000, { 0x40000001, 0x6c505650, 0x6f667461, 0x00006d72 } },
s/^\t\tfor (i = 0; i < sizeof(leaves) \/ sizeof(leaves\[0\]) && leaves\[i\].leaf != leaf; i++)$/\t\tsize_t hi = sizeof(leaves) \/ sizeof(leaves[0]); \/* leaves is sorted by leaf *\/\
\
\t\tfor (i = 0; i < hi;) {\
\t\t\tsize_t mid = i + (hi - i) \/ 2;\
\
\t\t\tif (leaves[mid].leaf < leaf)\
\t\t\t\ti = mid + 1;\
\t\t\telse\
\t\t\t\thi = mid;\
\t\t}/
/^\t\t\t;$/d
s/^\t\tif (i == sizeof(leaves) \/ sizeof(leaves\[0\]))$/\t\tif (i == sizeof(leaves) \/ sizeof(leaves[0]) || leaves[i].leaf != leaf)/
