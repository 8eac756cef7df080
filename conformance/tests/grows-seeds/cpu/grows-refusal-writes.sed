# An unserved leaf refused with ENOENT, as it should be, but only after
# the registers were cleared in the guest's buffer: a guest that keeps
# its own defaults there loses them. Test-local (test-grows), not one of
# the gate's scored seeds.
s/^\t\t\treturn PVP_ENOENT;$/\t\t\treturn pvabi_gmem_write(\&c->host, regs.gpa, out, n < sizeof(out) ? n : sizeof(out)) ? PVP_EFAULT : PVP_ENOENT;/
