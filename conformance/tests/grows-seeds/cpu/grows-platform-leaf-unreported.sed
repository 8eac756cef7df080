# A platform leaf added to the table without raising the maximum that
# leaf 0x40000000 reports: 0x40000002 is served (all zeros, ret 0) while
# EAX of 0x40000000 still says 0x40000001. A guest that trusts the
# maximum never asks; one that probes past it is answered. Test-local
# (test-grows), not one of the gate's scored seeds.
s/^\t{ 0x40000000, { 0x40000001, 0x6c505650, 0x6f667461, 0x00006d72 } },$/&\n\t{ 0x40000002, { 0, 0, 0, 0 } },/
