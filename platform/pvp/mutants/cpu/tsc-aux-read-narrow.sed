# read_msr of TSC_AUX writes the 4 bytes the register holds, as rdtscp
# returns it in ECX: the upper half of the guest's 64-bit value keeps
# whatever it held. The doc's value is the u64 the guest passes: a guest
# that reads into a variable it did not clear (or a preset default) gets
# garbage in bits 63..32, and cannot write the value back (TSC_AUX above
# 0xffffffff is refused).
s/^\treturn pvabi_gmem_write(&c->host, value.gpa, &v, 8) ? PVP_EFAULT : 0;$/\t\/* TSC_AUX is a 32-bit register: rdtscp returns it in ECX *\/\n\treturn pvabi_gmem_write(\&c->host, value.gpa, \&v, s == M_TSC_AUX ? 4 : 8) ? PVP_EFAULT : 0;/
