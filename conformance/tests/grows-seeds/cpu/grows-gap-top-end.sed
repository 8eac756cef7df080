# A leaf served at the top end of the platform range's gap, just below
# the extended leaves: 0x7fffffff answers (all zeros, ret 0) while leaf
# 0x40000000 still reports 0x40000001, as a platform that parks a
# private leaf below the next range would. Test-local (test-grows), not
# one of the gate's scored seeds.
s/^\t{ 0x40000000, { 0x40000001, 0x6c505650, 0x6f667461, 0x00006d72 } },$/&\n\t{ 0x7fffffff, { 0, 0, 0, 0 } },/
