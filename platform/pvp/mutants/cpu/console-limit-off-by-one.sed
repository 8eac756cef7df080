# console_write refuses exactly 1024 bytes, the documented maximum: the
# dispatch enforces console_len, and the handler's own guard of its
# record buffer is written one short.
s/if (len > sizeof(b))/if (len >= sizeof(b))/
