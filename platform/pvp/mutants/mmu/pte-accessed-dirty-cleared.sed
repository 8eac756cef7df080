# mmu_update stores a present entry with its accessed and dirty bits (5
# and 6) cleared, as a platform that restarts the hardware's tracking of
# every mapping it takes (for its own dirty-page logging) would: the
# guest's write of an entry with A or D set reads back without them
# (0x8000000012345027 is stored as 0x8000000012345007), and a guest that
# presets them to spare the page walk its locked update, or that keeps
# its own dirty state in D, loses them (mmu_update 1.0+, mmu_update_batch
# 1.1+, mmu_batch). Not-present entries are stored as given.
/^#define PTE_PRESENT 1u/a\
#define PTE_ACCESSED_DIRTY UINT64_C(0x60)
/^\t__atomic_store_n(slot, value, __ATOMIC_RELEASE);/i\
\tif (value \& PTE_PRESENT)\
\t\tvalue \&= ~PTE_ACCESSED_DIRTY; /* tracking restarts with the new entry */
