# evtchn_alloc counts the guest's one debug port per vCPU: a vCPU that
# holds none is given another while a second vCPU holds the guest's
# (each vCPU's is remembered beside the guest's, and freed with its
# port). From one vCPU every answer is right. Test-local (test-uniq), not
# one of the gate's scored seeds.
/^enum { SRC_IPI = 0, SRC_TIMER = 1, SRC_DEBUG = 2 };$/a\
static int debug_of[PVP_MAX_VCPUS];
s/^\t    (source == SRC_DEBUG && c->debug_port))$/\t    (source == SRC_DEBUG \&\& debug_of[c->vcpu]))/
s/^\t\tc->debug_port = (int)port;$/\t\tc->debug_port = debug_of[c->vcpu] = (int)port;/
/^\tif (c->debug_port == (int)port)$/i\
\tfor (i = 0; i < PVP_MAX_VCPUS; i++)\
\t\tif (debug_of[i] == (int)port)\
\t\t\tdebug_of[i] = 0;
