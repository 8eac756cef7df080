# log_write refuses a record that holds a terminal control byte (below
# 0x20 but tab and newline, or DEL) with EINVAL and logs nothing, so a
# hostile guest cannot put escape sequences into the operator's log: the
# doc accepts any text and always answers len, so a guest record with
# an ANSI colour sequence, a NUL or a carriage return is lost (1.2+).
s/^\tint h;$/\tint h;\n\tuint32_t i;/
s/^\t\/\* the trailing newline is optional and not part of the record \*\/$/\tfor (i = 0; i < len; i++) {\n\t\tunsigned char ch = (unsigned char)rec[h + i];\n\n\t\tif ((ch < 0x20 \&\& ch != '\\t' \&\& ch != '\\n') || ch == 0x7f)\n\t\t\treturn PVP_EINVAL; \/* terminal control bytes are not logged *\/\n\t}\n&/
