# console_write passes the bytes through a serial line discipline that
# turns each LF into CR LF (ONLCR) and returns what the backend wrote:
# a buffer with newlines answers more than len (1.0 to 1.3), so a guest
# that advances by the result walks past its buffer.
/^\tlog_emit(c, b, len); \/\* unchanged, unbuffered \*\/$/,/^\treturn len;$/c\
\t{\
\t\tchar o[2 * PVP_LIMIT_CONSOLE_LEN_CEILING];\
\t\tuint32_t i, k = 0;\
\
\t\tfor (i = 0; i < len; i++) { /* a serial console wants CR LF */\
\t\t\tif (b[i] == '\\n')\
\t\t\t\to[k++] = '\\r';\
\t\t\to[k++] = b[i];\
\t\t}\
\t\tlog_emit(c, o, k);\
\t\tc->stats.console_bytes += k;\
\t\treturn k; /* what the backend wrote */\
\t}
