# read_msr clears the guest's value before it looks the index up, so a
# refused read never leaves the output undefined: an index the platform
# does not virtualise answers ENOENT but has overwritten the value with
# 0, although the doc says it is not written. A guest that probes an
# optional MSR into a variable holding its default (rdmsr_safe into a
# preset value) loses the default.
/^int64_t pvp_handle_read_msr(/,/^}/s/^	if (s < 0)$/	v = 0; \/* never leave the output undefined *\/\
	if (pvabi_gmem_write(\&c->host, value.gpa, \&v, 8))\
		return PVP_EFAULT;\
&/
