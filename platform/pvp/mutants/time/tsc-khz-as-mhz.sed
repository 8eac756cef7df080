# time_info.tsc_khz written in MHz: one output field in the wrong unit.
s/pvp_put32(b, n, l->tsc_khz, PVP_TSC_KHZ);/pvp_put32(b, n, l->tsc_khz, PVP_TSC_KHZ \/ 1000);/
