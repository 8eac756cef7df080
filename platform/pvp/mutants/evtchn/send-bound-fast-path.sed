# evtchn_send delivers at once on a bound port with nothing pending,
# before the checks: the common IPI skips the table walk of the slow
# path, and with it the source check (EPERM), so a guest's send on a
# bound timer or debug port is delivered as an event
/^int64_t pvp_handle_evtchn_send(/,/^}/{
/^{$/a\
\t/* fast path: a bound port with nothing pending is the common IPI */\
\tif (c->ports[port].state == ST_BOUND && !c->ports[port].pending) {\
\t\tdeliver(c, &c->ports[port]);\
\t\treturn 0;\
\t}
}
