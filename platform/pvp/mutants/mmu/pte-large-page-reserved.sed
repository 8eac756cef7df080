# mmu_update's entry check adds the large-page format: a present entry
# with bit 7 set is taken for a 2 MiB mapping (PS), whose bits 13 to 20
# are reserved, and refused with EINVAL when any is set. The platform
# cannot know a table's level, and in a 4 KiB page table bit 7 is PAT and
# bits 13 to 20 are frame bits: a present PTE with PAT set over a frame
# such as 0x12345000 (0x12345087) is refused [0, stored] (mmu_update 1.0+,
# mmu_update_batch 1.1+, mmu_batch).
/^#define PTE_PRESENT 1u/a\
#define PTE_PS (1u << 7)\
/* bits 13..20: reserved in a 2 MiB page's entry (its frame is 2 MiB aligned) */\
#define PTE_2M_RESERVED UINT64_C(0x1fe000)
/^\tif ((value & PTE_PRESENT) && (value & above))/{
N
a\
\tif ((value \& PTE_PRESENT) \&\& (value \& PTE_PS) \&\& (value \& PTE_2M_RESERVED))\
\t\treturn PVP_EINVAL; /* a large page's reserved bits */
}
