# evtchn_bind delivers a pending event but does not clear it: the port
# stays pending, evtchn_status says so, and every later event on it is
# merged with that stale one, never delivered.
/^\tfor (; p->pending; p->pending--)$/{N;s/.*/\tif (p->pending)\n\t\tdeliver(c, p);/}
