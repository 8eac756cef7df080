# mmu_update_batch writes `done` only when a request fails, as if only a
# failure needed telling how far it got: on success the guest's `done`
# keeps whatever it held.
s/if (pvabi_gmem_write(&c->host, done.gpa, &i, 4))/if (e \&\& pvabi_gmem_write(\&c->host, done.gpa, \&i, 4))/
