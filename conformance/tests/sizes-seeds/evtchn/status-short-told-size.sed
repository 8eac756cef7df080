# evtchn_status refuses a size below its first layout with EINVAL, as it
# must, but first writes the size it wants into the guest's size field
# (to tell the guest what to pass): a refused call that writes. Test-
# local (test-sizes), not one of the gate's scored seeds.
s/^\t\treturn PVP_EINVAL;$/\t\treturn pvabi_gmem_write(\&c->host, status.gpa + (uint32_t)l->size, \&l->bytes, 4) ? PVP_EFAULT : PVP_EINVAL;/
