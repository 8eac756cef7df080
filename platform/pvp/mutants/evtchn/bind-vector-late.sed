# evtchn_bind records the vector after it has delivered the events
# pending from before the bind: those are injected with the vector the
# port held until then (0, from evtchn_alloc), so the guest's handler
# for the port never sees them.
/^int64_t pvp_handle_evtchn_bind(/,/^}$/{
/^\tp->vector = vector;$/d
s/^\t\tdeliver(c, p);$/&\
\tp->vector = vector;/
}
