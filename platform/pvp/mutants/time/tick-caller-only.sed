# The lazy tick runs the calling vCPU's timer only, as if each vCPU's
# timer were run on its own exits: a deadline of vCPU 1 that falls due
# while vCPU 1 makes no call (it spins, or idles outside the ABI) is
# raised only at vCPU 1's next call, however many calls the other vCPUs
# make meanwhile, although the timer fires when platform time reaches the
# deadline, whether or not the guest is making a call then.
s/^	for (i = 0; i < c->opt.nvcpus; i++) {$/	for (i = c->vcpu; i == c->vcpu; i++) { \/* the caller's timer *\//
