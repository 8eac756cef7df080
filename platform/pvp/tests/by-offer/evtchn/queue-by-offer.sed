# Test-local platform (test-by-offer): every grant test of the event
# channel handlers asks what the platform offers instead, the way a
# developer who reads "the platform supports FIFO" writes it. A guest
# that did not ask for evtchn_fifo, or cannot (1.x), sees repeated
# events queued.
/^#include "platform\/pvp\/pvp_internal.h"$/a\
#define pvp_granted(c, bit) ((int)(((c)->profile.offered >> (bit)) & 1))
