# time_info's conversion written in the clocksource convention
# (ns = cycles * mult >> shift): the multiplier 2^32 (1 ns a tick at
# 1 GHz) does not fit 32 bits, so it is halved to 2^31 and the halving
# is compensated with a shift of one, written as -1 (a right shift).
# The doc's formula shifts left when tsc_shift is positive and right
# when negative, so a guest that converts the TSC with the snapshot
# gets a quarter of the elapsed time (1.0+).
s|^\tpvp_put32(b, n, l->tsc_shift, 1);  .*$|\tpvp_put32(b, n, l->tsc_shift, (uint32_t)-1);              /* mult halved: >> 1 ... */|
