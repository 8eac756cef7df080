# The queueing of repeated events gated by a feature bit counted by hand
# ("the fourth feature"): bit 4 is steal_time, evtchn_fifo is bit 3. A
# 2.0 guest granted evtchn_fifo gets repeated events merged (pending
# stays 1, one interrupt at bind); a guest granted steal_time without
# evtchn_fifo gets them queued.
s/pvp_granted(c, PVP_FEATURE_EVTCHN_FIFO_BIT)/pvp_granted(c, 4 \/* evtchn_fifo *\/)/
