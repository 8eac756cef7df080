# `coarse` deadlines coalesced onto a 2^19 ns (about 0.5 ms) grid, rounded
# up so that nothing fires early, before the `future` check instead of
# after it: with coarse and future both set, a deadline that passed
# less than a grid step ago is rounded into the future, armed and
# answered 0 instead of ETIME, and fires at once (2.0+).
/^\tif ((flags & TIMER_FUTURE) && at <= now)$/i\
\tif ((flags & TIMER_COARSE) && at <= UINT64_MAX - 0x7ffffu)\
\t\tat = (at + 0x7ffffu) & ~(uint64_t)0x7ffffu; /* one host timer per grid step: late, never early */
