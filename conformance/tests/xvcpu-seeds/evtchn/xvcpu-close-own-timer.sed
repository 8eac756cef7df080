# evtchn_close frees the timer port of the calling vCPU only: a timer
# port closed by another vCPU than the one that allocated it stays that
# vCPU's, so its next timer port is refused EBUSY and its expiries are
# raised on the freed number.
/^int64_t pvp_handle_evtchn_close/,/^}/{
s|^	for (i = 0; i < c->opt.nvcpus; i++)$|	for (i = c->vcpu; i == c->vcpu \&\& i < c->opt.nvcpus; i++)|
}
