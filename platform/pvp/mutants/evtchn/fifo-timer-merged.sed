# evtchn_fifo's queue applied to ipi ports only: timer (and debug) events
# are taken as level-like, one pending being enough, and merge with a
# pending one as without the feature; a guest granted evtchn_fifo whose
# timer fires twice on its unbound (or masked-by-pending) timer port
# counts one expiry, not two (2.0+, evtchn_fifo).
s|^\telse if (pvp_granted(c, PVP_FEATURE_EVTCHN_FIFO_BIT))$|\telse if (pvp_granted(c, PVP_FEATURE_EVTCHN_FIFO_BIT) \&\& p->source == SRC_IPI) /* a timer or debug event is a level: one pending is enough */|
