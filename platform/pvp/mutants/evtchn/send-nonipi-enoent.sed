# evtchn_send folds its two refusals into one: a timer or debug port
# (allocated, not ipi) is answered ENOENT, as if it were free, instead
# of EPERM.
/^int64_t pvp_handle_evtchn_send(/,/^}$/{
s/^\tif (c->ports\[port\].state == ST_FREE)$/\tif (c->ports[port].state == ST_FREE || c->ports[port].source != SRC_IPI)/
/^\tif (c->ports\[port\].source != SRC_IPI)$/{N;d}
}
