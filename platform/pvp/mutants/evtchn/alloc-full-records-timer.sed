# evtchn_alloc's bookkeeping of the vCPU's timer port (and the guest's
# debug port) moved up, before the check for a full table: an
# allocation that fails with ENOSPC has already recorded the port limit
# as the vCPU's timer port. Once ports are freed, every new timer port
# for that vCPU is refused with EBUSY, and its expiries are raised on a
# port number that does not exist.
/^\tif (source == SRC_TIMER)$/,/^\t\tc->debug_port = (int)port;$/d
/^\tif (port >= limit)$/i\
\tif (source == SRC_TIMER)\
\t\tpvp_self(c)->timer_port = port;\
\telse if (source == SRC_DEBUG)\
\t\tc->debug_port = (int)port;
