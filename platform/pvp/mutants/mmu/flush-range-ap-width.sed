# flush_tlb_range judges the top of the address space by the calling
# vCPU's width as the platform recorded it when the vCPU came up: the
# platform's start-up path enters an AP in 32-bit protected mode, and
# the record is not updated when the guest takes it to long mode. vCPU 0, which the platform starts in
# the guest's mode, answers as before; from vCPU 1 of a 64-bit guest, a
# range above 2^32 is refused EINVAL [0]: the last page of the address
# space (va 0xfffffffffffff000, 1 page) and the top 16 pages (1.3+,
# tlb_range).
/^int64_t pvp_handle_flush_tlb_range(/,/^}$/{
s/^\tunsigned __int128 top = (unsigned __int128)1 << c->opt.guest_bits;$/\tunsigned __int128 top = (unsigned __int128)1 << (c->vcpu ? 32 : c->opt.guest_bits); \/* as it came up *\//
}
