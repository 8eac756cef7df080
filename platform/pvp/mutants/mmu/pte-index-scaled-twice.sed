# The entry's address rewritten as pointer arithmetic on the table, with
# the byte scaling of the index kept: the index is scaled by 8 twice, so
# entry i is stored at byte 64 * i of the table (beyond the table page
# from index 64 on). Entry 0 still lands where it should.
s/uint64_t \*slot = (uint64_t \*)(void \*)(c->host.mem + table + (uint64_t)index \* 8);/uint64_t *slot = (uint64_t *)(void *)(c->host.mem + table) + (uint64_t)index * 8;/
