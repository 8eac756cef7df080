# evtchn_status looks its port up as every other event channel op does,
# refusing a free port with ENOENT, as a refactor that gives the port
# ops one lookup would: the doc makes a free port no error for
# evtchn_status (it reports state free, source ipi, no vCPU, no vector),
# so a guest that scans its ports with evtchn_status to find the bound
# ones (after a restore, or to tell the ports sharing a vector apart)
# takes the first free port for a failure and stops (1.1+).
/^int64_t pvp_handle_evtchn_status(/,/^}/s/^\tif (l->size < 0 || (uint64_t)l->size + 4 > status.size ||$/\tif (p->state == ST_FREE)\
\t\treturn PVP_ENOENT; \/* the port ops' one lookup *\/\
&/
