# read_msr skips the write when the register holds 0 and returns 0: a
# guest that zeroed its buffer reads the right value, one that did not
# reads what it left there. Test-local (test-sizes), not one of the
# gate's scored seeds.
s/^\treturn pvabi_gmem_write(&c->host, value.gpa, &v, 8) ? PVP_EFAULT : 0;$/\treturn v \&\& pvabi_gmem_write(\&c->host, value.gpa, \&v, 8) ? PVP_EFAULT : 0;/
