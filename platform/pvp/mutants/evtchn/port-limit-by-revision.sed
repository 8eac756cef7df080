# evtchn_alloc's port limit follows the revision (2.0 brought
# evtchn_fifo) instead of the grant: a 2.0 guest that did not ask for
# evtchn_fifo is handed ports the other ops refuse with ERANGE.
s/uint64_t v = pvp_limit_value(&c->st, PVP_LIMIT_PORTS);/uint64_t v = pvp_rev(c) >= REV(2, 0) ? PVP_LIMIT_PORTS_CEILING : pvp_limit_value(\&c->st, PVP_LIMIT_PORTS);/
