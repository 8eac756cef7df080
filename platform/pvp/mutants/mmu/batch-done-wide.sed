# mmu_update_batch's request counter becomes a host-width size_t (the
# loop indexes the request array and multiplies by the request size),
# and `done` is written from it with sizeof(i): 8 bytes into a u32
# out-field. The count is right; the 4 guest bytes after `done` are
# overwritten with 0 on every call, success and failure alike.
s/^\tuint32_t i, size = PVP_LAYOUT(c, mmu_update_req)->bytes;$/\tsize_t i; \/* host width: it indexes the request array *\/\n\tuint32_t size = PVP_LAYOUT(c, mmu_update_req)->bytes;/
s/pvabi_gmem_write(&c->host, done.gpa, &i, 4)/pvabi_gmem_write(\&c->host, done.gpa, \&i, sizeof(i))/
