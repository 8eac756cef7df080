# Behaviour-preserving: evtchn_bind takes the backlog into a local count
# and clears pending before it delivers that many events; deliver never
# reads pending.
/^int64_t pvp_handle_evtchn_bind(/,/^}$/{
s/^\tstruct pvp_port \*p = &c->ports\[port\];$/&\
\tuint8_t n;/
s/^\tfor (; p->pending; p->pending--)$/\tn = p->pending;\
\tp->pending = 0;\
\twhile (n--)/
}
