# A second block of platform leaves at an aligned boundary of the gap,
# as a hypervisor that also presents another interface serves its own
# leaves at 0x40000100 (Xen with Viridian, KVM with Hyper-V enabled):
# 0x40000100 to 0x40000101 answer while leaf 0x40000000 still reports
# 0x40000001. Test-local (test-grows), not one of the gate's scored
# seeds.
s/^\t{ 0x40000000, { 0x40000001, 0x6c505650, 0x6f667461, 0x00006d72 } },$/&\n\t{ 0x40000100, { 0x40000101, 0x7263694d, 0x666f736f, 0x76482074 } },\n\t{ 0x40000101, { 0, 0, 0, 0 } },/
