# evtchn_status reports `pending` as a flag, whether any event is
# pending, as a 2-level event channel's pending bit reads: with
# evtchn_fifo granted (2.0+) the events queued on a port are counted
# and delivered one each, but a guest that reads how many are queued
# (to size its work, or to tell its queue from a merge) reads 1 for any
# number, where the doc says pending counts them, up to 255.
/^int64_t pvp_handle_evtchn_status(/,/^}/s/^\tpvp_put32(b, n, l->pending, p->pending);$/\tpvp_put32(b, n, l->pending, p->pending != 0); \/* the pending bit *\//
