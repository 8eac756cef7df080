# behaviour-preserving: mmu_update_batch copies the whole request array
# into host memory with one read, then checks and applies each request
# from that copy, instead of one guest-memory read per request
/^static int64_t apply_req(struct pvp_ctx \*c, uint64_t gpa, uint32_t size)$/,/^}$/c\
static int64_t apply_req(struct pvp_ctx *c, const uint8_t *r, uint32_t size)\
{\
\tconst struct pvp_layout_mmu_update_req *l = PVP_LAYOUT(c, mmu_update_req);\
\tuint64_t table = pvp_get(r, size, l->table, 8), value = pvp_get(r, size, l->value, 8);\
\tuint32_t index = (uint32_t)pvp_get(r, size, l->index, 4);\
\tuint32_t reserved = (uint32_t)pvp_get(r, size, l->reserved0, 4);\
\tint64_t e = pte_check(c, table, index, value);\
\
\tif (!e && reserved)\
\t\te = PVP_EINVAL; /* reserved0 is checked last */\
\tif (e)\
\t\treturn e;\
\tpte_store(c, table, index, value);\
\treturn 0;\
}
/^int64_t pvp_handle_mmu_update_batch(/,/^}$/c\
int64_t pvp_handle_mmu_update_batch(struct pvp_ctx *c, uint32_t count, struct pvp_gptr reqs,\
\t\t\t\t    struct pvp_gptr done)\
{\
\tstatic uint8_t all[512 * 64]; /* mmu_batch requests of at most 64 bytes */\
\tuint32_t i = 0, size = PVP_LAYOUT(c, mmu_update_req)->bytes;\
\tuint64_t whole;\
\tint64_t e = 0;\
\
\t/* count above mmu_batch: E2BIG from the dispatch, before any\
\t * request is read */\
\tif (!size)\
\t\treturn PVP_EINVAL; /* the revision has no request layout: never dispatched */\
\t/* the whole requests inside reqs, in one copy */\
\twhole = (reqs.size < (uint64_t)count * size ? reqs.size : (uint64_t)count * size) / size * size;\
\tif (count && (size > 64 || whole > sizeof(all) ||\
\t\t      pvabi_gmem_read(&c->host, reqs.gpa, all, (size_t)whole)))\
\t\te = PVP_EFAULT; /* as the first request's own read would */\
\tfor (; !e && i < count; i++) {\
\t\t/* the dispatch checked reqs for count entries; stay inside it */\
\t\tif ((uint64_t)(i + 1) * size > reqs.size)\
\t\t\te = PVP_EFAULT;\
\t\telse\
\t\t\te = apply_req(c, all + (size_t)i * size, size);\
\t\tif (e)\
\t\t\tbreak;\
\t}\
\tif (pvabi_gmem_write(&c->host, done.gpa, &i, 4))\
\t\treturn PVP_EFAULT;\
\treturn e ? e : (int64_t)count;\
}
