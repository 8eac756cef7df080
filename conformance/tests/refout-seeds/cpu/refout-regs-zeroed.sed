# cpuid writes all four registers as 0 for a leaf of the range no
# revision defines (0x4fff0000 to 0x4fffffff) and then refuses it with
# ENOENT, as a guest that ignores ret would read a reserved leaf from
# the instruction: a refused call writes the out-buffer the guest gave.
# The leaves past each maximum (<grows>) stay as they were, so only the
# refusals of that range see it. Test-local (test-refout), not one of
# the gate's scored seeds.
s/^\t\t\treturn PVP_ENOENT;$/\t\t\treturn (leaf >> 16) == 0x4fff \&\&\n\t\t\t       pvabi_gmem_write(\&c->host, regs.gpa, out, n < sizeof(out) ? n : sizeof(out))\n\t\t\t       ? PVP_EFAULT : PVP_ENOENT;/
