# A basic leaf above the highest one is answered as the CPU answers it
# (Intel SDM: "the data for the highest basic information leaf is
# returned") instead of failing with ENOENT: leaves 2 to 0x3fffffff get
# leaf 1's registers, so a guest that probes leaf 7 reads leaf 1's EBX
# there and takes bit 11 for RTM.
/^\t\tif (i == sizeof(leaves) \/ sizeof(leaves\[0\]))$/i\
\t\t/* as the CPU does: a basic leaf above the highest answers as the\
\t\t * highest basic leaf */\
\t\tif (i == sizeof(leaves) / sizeof(leaves[0]) && leaf > leaves[0].r[0] &&\
\t\t    leaf < 0x40000000)\
\t\t\tfor (i = 0; leaves[i].leaf != leaves[0].r[0]; i++)\
\t\t\t\t;
