# mmu_update_batch stops at a failing request, as the ABI says, but its
# done count includes the failing request: one more than were applied
# (1.1+). Test-local (test-batch), not one of the gate's scored seeds.
s/^\tif (pvabi_gmem_write(&c->host, done.gpa, &i, 4))$/\tif (e)\n\t\ti++;\n&/
