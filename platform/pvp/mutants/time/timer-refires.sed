# The disarm of an expired timer moved into the path that drops the
# expiry (no timer port): a timer that fires on a port stays armed, so
# it fires again on every later call or tick until it is re-armed or
# cancelled. A one-shot timer becomes an event on every call.
/^void pvp_platform_tick/,/^}/{
/^\t\tv->timer_deadline = 0;$/d
s/^\t\telse$/\t\telse {/
/^\t\t\tc->stats.timer_dropped++;/a\
\t\t\tv->timer_deadline = 0;\
\t\t}
}
