# The dispatch is told every feature the platform offers, not the grant:
# gated ops are served to guests that did not ask for their feature.
s/pvp_dispatch_negotiated(&c->st, a.chosen, a.granted)/pvp_dispatch_negotiated(\&c->st, a.chosen, c->profile.offered)/
