# A not-present entry is stored as 0 ("nothing is mapped there"): the
# bits a guest keeps in a not-present entry (a swap entry, a PROT_NONE
# mapping's protection) are lost, in mmu_update and its batch.
/^static void pte_store/,/^}/{
/__atomic_store_n/i\	if (!(value & PTE_PRESENT))\n\t\tvalue = 0; /* nothing to map: keep the entry clean */
}
