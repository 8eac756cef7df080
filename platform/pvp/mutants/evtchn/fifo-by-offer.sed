# Repeated events are queued when the platform has evtchn_fifo, not
# when the guest was granted it: a guest that did not ask for it (and
# any 1.x guest) sees pending count past 1 and gets one interrupt per
# event at bind instead of one merged event.
s/else if (pvp_granted(c, PVP_FEATURE_EVTCHN_FIFO_BIT))/else if ((c->profile.offered >> PVP_FEATURE_EVTCHN_FIFO_BIT) \& 1)/
