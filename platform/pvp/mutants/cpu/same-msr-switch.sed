# behaviour-preserving: the MSR index looked up with a switch (a jump
# table) instead of a linear scan of an index table
/^static const uint32_t msr_index\[PVP_NMSRS\] = {$/,/^};$/d
/^static int msr_slot(uint32_t index)$/,/^}$/c\
static int msr_slot(uint32_t index)\
{\
\tswitch (index) {\
\tcase 0x10: return M_TSC;\
\tcase 0x1b: return M_APIC_BASE;\
\tcase 0x277: return M_PAT;\
\tcase 0xc0000080: return M_EFER;\
\tcase 0xc0000081: return M_STAR;\
\tcase 0xc0000082: return M_LSTAR;\
\tcase 0xc0000083: return M_CSTAR;\
\tcase 0xc0000084: return M_SFMASK;\
\tcase 0xc0000100: return M_FS_BASE;\
\tcase 0xc0000101: return M_GS_BASE;\
\tcase 0xc0000102: return M_KGS_BASE;\
\tcase 0xc0000103: return M_TSC_AUX;\
\tdefault: return -1;\
\t}\
}
