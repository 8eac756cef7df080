# mmu_update_batch checks every request before it applies any, as a
# developer makes a batch a transaction: a batch with a failing request
# applies none, yet `done` still receives the failing request's index and
# the call its error. The doc keeps the requests before the failing one
# applied and says `done` counts them: a guest that sends the rest again
# from `done` on leaves the first `done` entries unwritten (1.1+,
# mmu_batch).
/^static int64_t apply_req(struct pvp_ctx \*c, uint64_t gpa, uint32_t size)$/,/^}/{
s/^static int64_t apply_req(struct pvp_ctx \*c, uint64_t gpa, uint32_t size)$/static int64_t apply_req(struct pvp_ctx *c, uint64_t gpa, uint32_t size, int apply)/
s/^\tpte_store(c, table, index, value);$/\tif (apply) \/* checking only: applied once all are checked *\/\n\t\tpte_store(c, table, index, value);/
}
s/^\t\te = apply_req(c, reqs.gpa + (uint64_t)i \* size, size);$/\t\te = apply_req(c, reqs.gpa + (uint64_t)i * size, size, 0);/
s/^\tif (pvabi_gmem_write(&c->host, done.gpa, &i, 4))$/\tif (!e) \/* every request passed: apply them all *\/\n\t\tfor (i = 0; i < count; i++)\n\t\t\tapply_req(c, reqs.gpa + (uint64_t)i * size, size, 1);\n&/
