# console_write takes the guest's bytes as a C string: the copy is cut at
# the first NUL byte and the length written is returned, as a sink that
# writes strings would. A guest whose console bytes contain a 0 (binary
# output, a padded buffer) is told fewer bytes than len were written; one
# that writes until every byte is taken writes the tail again, or loops
# for ever on a buffer that starts with 0 (1.0-1.3).
s/^	log_emit(c, b, len); \/\* unchanged, unbuffered \*\/$/	len = (uint32_t)strnlen(b, len); \/* the sink takes a string *\/\
&/
