# get_time_info copies out the whole layout of the negotiated revision,
# zeroed past the fields it filled, instead of the bytes it wrote: a
# guest whose size is smaller than that layout (a 1.0 driver's 32 bytes
# in a 1.1+ kernel, a 1.1 layout in a 2.0 guest) has the 8 or 16 bytes
# after its struct overwritten with zeros; size still says 32 or 40.
s/^\treturn pvabi_gmem_write(&c->host, info.gpa, b, n) ? PVP_EFAULT : 0;$/\t\/* the whole layout, never stale bytes past what was filled *\/\
\treturn pvabi_gmem_write(\&c->host, info.gpa, b, l->bytes) ? PVP_EFAULT : 0;/
