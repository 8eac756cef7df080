# An event raised on an allocated but unbound port is dropped: nothing
# pending, so evtchn_status shows pending 0 and a later bind delivers
# nothing.
s/^\t\tp->pending = 1; \/\* merged with the pending one \*\/$/\t\tp->pending = p->state == ST_BOUND;/
