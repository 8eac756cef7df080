# Behaviour-preserving: evtchn_status reads the port into a local copy,
# normalises it as the doc reports it (no vCPU and no vector unless
# bound, source ipi when free), then writes every field from the copy
# without a test: the same fields, with the same values.
/^int64_t pvp_handle_evtchn_status(/,/^}/{
s/^\tconst struct pvp_port \*p = &c->ports\[port\];$/\tstruct pvp_port p = c->ports[port];/
s/^\tn = pvp_whole_fields(offs, width, sizeof(width), n, l->bytes);$/&\
\tif (p.state != ST_BOUND) {\
\t\tp.vcpu = NO_VCPU;\
\t\tp.vector = 0;\
\t}\
\tif (p.state == ST_FREE)\
\t\tp.source = SRC_IPI;/
s/^\tpvp_put32(b, n, l->state, p->state);$/\tpvp_put32(b, n, l->state, p.state);/
s/^\tpvp_put32(b, n, l->source, .*$/\tpvp_put32(b, n, l->source, p.source);/
s/^\tpvp_put32(b, n, l->vcpu, .*$/\tpvp_put32(b, n, l->vcpu, p.vcpu);/
s/^\tpvp_put32(b, n, l->vector, .*$/\tpvp_put32(b, n, l->vector, p.vector);/
s/^\tpvp_put32(b, n, l->pending, p->pending);$/\tpvp_put32(b, n, l->pending, p.pending);/
}
