# The vcpus limit answered with the vCPUs the platform can still kick,
# as a platform that keeps the port table's top port for its own
# cross-vCPU kicks would count them: once the guest holds that port too
# (a full table), only vCPU 0. The guest's state moves a value the
# platform fixes for the guest's life. Every answer before the table is
# full is right, so no probe, vector or scenario sees it; only the limit
# read again after the fill does. Test-local (test-vlimit), not one of
# the gate's scored seeds.
s|^\treturn limit == PVP_LIMIT_VCPUS ? c->opt.nvcpus : UINT64_MAX;$|\treturn limit != PVP_LIMIT_VCPUS ? UINT64_MAX : c->ports[pvp_limit_value(\&c->st, PVP_LIMIT_PORTS) - 1].state ? 1 : c->opt.nvcpus;|
