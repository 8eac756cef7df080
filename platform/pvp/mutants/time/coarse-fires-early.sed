# A `coarse` deadline is coalesced onto a 1 ms grid by rounding it down
# (2.0+): the timer fires up to 1 ms before its deadline, which the spec
# forbids ("may fire up to 1 ms late ... never early"); a deadline in
# the platform's first millisecond rounds to 0 and is never armed.
s/^\tv->timer_deadline = at;$/\tv->timer_deadline = flags \& TIMER_COARSE ? at - at % 1000000u : at;/
