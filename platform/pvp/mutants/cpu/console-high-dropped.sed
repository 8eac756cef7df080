# console_write passes the guest's bytes to a 7-bit console line: bytes
# 0x80 to 0xff are dropped on the way and the count of bytes written is
# returned, as a sink that answers what it wrote would. The doc writes
# the bytes unchanged and always answers len, so a guest that prints
# UTF-8 or a binary dump is told fewer bytes were written, and one that
# writes until every byte is taken writes its tail again (1.0-1.3).
s/^\tchar b\[PVP_LIMIT_CONSOLE_LEN_CEILING\];$/&\n\tuint32_t i, j;/
s/^\tlog_emit(c, b, len); \/\* unchanged, unbuffered \*\/$/\tfor (i = j = 0; i < len; i++)\n\t\tif (!((unsigned char)b[i] \& 0x80))\n\t\t\tb[j++] = b[i]; \/* the console line is 7-bit *\/\n\tlen = j;\n&/
