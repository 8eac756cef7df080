# log_write copies the record from the guest in whole 8-byte words, its
# length rounded up, as a word-at-a-time copy does (the bytes past len are
# copied and ignored): a record that ends within 7 bytes of the end of
# guest memory is refused with EFAULT and not logged, although every byte
# of it lies inside guest memory (1.2+).
s/^\tif (h < 0 || h >= 64 || pvabi_gmem_read(&c->host, buf.gpa, rec + h, len))$/\tif (h < 0 || h >= 64 || pvabi_gmem_read(\&c->host, buf.gpa, rec + h, (len + 7) \& ~7u))/
