# evtchn_status reports the vcpu field raw: a free or unbound port reads
# vcpu 0 or a stale vCPU instead of 0xffffffff.
s/pvp_put32(b, n, l->vcpu, p->state == ST_BOUND ? p->vcpu : NO_VCPU);/pvp_put32(b, n, l->vcpu, p->state == ST_FREE ? 0 : p->vcpu);/
