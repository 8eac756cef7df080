# Behaviour-preserving: cpuid refuses a leaf outside every served range
# (basic up to leaf 0's EAX, extended up to 0x80000000's, platform up to
# 0x40000000's) before it scans the table; the table holds every leaf of
# each range, so the same leaves are served and refused.
/^\/\* No leaf of the table has subleaves, so subleaf is ignored\. \*\/$/i\
/* The highest leaf of the range whose base leaf is base: that leaf's\
 * EAX in the table. */\
static uint32_t range_max(uint32_t base)\
{\
\tsize_t i;\
\
\tfor (i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++)\
\t\tif (leaves[i].leaf == base)\
\t\t\treturn leaves[i].r[0];\
\treturn base;\
}\
\
static int leaf_served(uint32_t leaf)\
{\
\tif (leaf >= 0x80000000u)\
\t\treturn leaf <= range_max(0x80000000u);\
\tif (leaf >= 0x40000000u)\
\t\treturn leaf <= range_max(0x40000000u);\
\treturn leaf <= range_max(0);\
}\

/^\t\tfor (i = 0; i < sizeof(leaves) \/ sizeof(leaves\[0\]) && leaves\[i\]\.leaf != leaf; i++)$/i\
\t\tif (!leaf_served(leaf))\
\t\t\treturn PVP_ENOENT; /* outside every range: no scan */
