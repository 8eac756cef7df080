# evtchn_close frees a timer port but no longer clears the vCPU's
# record of it (the close was "simplified" to the port's memset): the
# vCPU cannot allocate a new timer port (EBUSY), and later expiries are
# raised on the freed port number, pending there or on whichever port
# is allocated with that number next.
/^\tuint32_t i;$/d
/^\tfor (i = 0; i < c->opt.nvcpus; i++)$/,/later expiries are dropped/d
