# A table address of 0 taken for a null pointer: pte_check refuses it
# with EFAULT after the index check, as a C developer guards a pointer.
# Guest-physical page 0 is guest memory and may hold a page table, so
# mmu_update(table 0) and a batch request naming table 0 fail and write
# nothing, and a guest that keeps a table in its first page cannot
# update it (1.0+; the batch 1.1+, mmu_batch).
s/^\tif (table & (PAGE - 1))$/\tif (!table)\n\t\treturn PVP_EFAULT; \/* a null table pointer *\/\n\tif (table \& (PAGE - 1))/
