# time_info's explicit padding carries the number of the vCPU the
# snapshot was taken on, as a developer puts a word the struct already
# pays for to use (a guest that keeps one snapshot per vCPU could tell
# them apart): reserved0 reads 0 on vCPU 0 and the vCPU's number on the
# others, although the doc writes it as 0 (1.1+).
s/pvp_put32(b, n, l->reserved0, 0);/pvp_put32(b, n, l->reserved0, c->vcpu); \/* the snapshot's vCPU *\//
