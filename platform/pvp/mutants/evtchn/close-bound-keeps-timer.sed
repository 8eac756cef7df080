# evtchn_close forgets the vCPU's timer port only on the path of an
# unbound port: a bound port is torn down through its binding, and that
# path frees the port without clearing its owner's record. A vCPU whose
# bound timer port is closed (every running guest's timer port is bound)
# cannot allocate a new one (EBUSY), and its expiries are raised on the
# freed number, whatever port gets it next (1.0+).
s/^\tfor (i = 0; i < c->opt.nvcpus; i++)$/\tfor (i = 0; c->ports[port].state == ST_UNBOUND \&\& i < c->opt.nvcpus; i++)/
