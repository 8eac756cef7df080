# The port limit follows the revision (2.0 brought evtchn_fifo) instead
# of the grant: a 2.0 guest that did not ask for evtchn_fifo gets 131072.
s/return pvp_granted(c, PVP_FEATURE_EVTCHN_FIFO_BIT) ? PVP_PORTS_FIFO : PVP_PORTS_BASE;/return pvp_rev(c) >= REV(2, 0) ? PVP_PORTS_FIFO : PVP_PORTS_BASE;/
