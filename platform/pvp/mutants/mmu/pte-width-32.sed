# The page-table entry is stored as 32 bits: NX and the address bits
# above 4 GiB are lost while the call returns 0.
s/uint64_t \*slot = (uint64_t \*)(void \*)/uint32_t *slot = (uint32_t *)(void *)/
s/__atomic_store_n(slot, value, __ATOMIC_RELEASE);/__atomic_store_n(slot, (uint32_t)value, __ATOMIC_RELEASE);/
