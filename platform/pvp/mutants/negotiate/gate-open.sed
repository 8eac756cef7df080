# The platform answers with the right grant but serves every feature of
# the chosen revision: a gated op works without its feature.
s/pvp_dispatch_negotiated(&c->st, a.chosen, a.granted)/pvp_dispatch_negotiated(\&c->st, a.chosen, ~(uint64_t)0)/
