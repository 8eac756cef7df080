# mmu_update_batch writes into done the index where it stopped: right on
# a failure (the failing request's index is the number applied before
# it) and for an empty batch, one short on a successful batch of
# requests. Test-local (test-sizes), not one of the gate's scored seeds.
s/^\tif (pvabi_gmem_write(&c->host, done.gpa, &i, 4))$/\tif (!e \&\& i)\n\t\ti--;\n\tif (pvabi_gmem_write(\&c->host, done.gpa, \&i, 4))/
