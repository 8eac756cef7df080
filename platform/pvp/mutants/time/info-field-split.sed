# get_time_info cuts the snapshot at the guest's size without rounding it
# down to the last whole field, as a refactor that counts on the field
# stores (which skip a field that does not fit) might: a size that ends
# inside a field gets that field's bytes written as zeros and `size` set
# to the guest's own size: in 2.0, size 44 -> size 44, bytes 40..43
# zeroed [size 40, bytes 40..43 untouched]; in 1.1, size 34 -> 34, bytes
# 32..33 zeroed [32]; the doc writes only the fields that fit (1.1+).
/^\tn = pvp_whole_fields(offs, width, sizeof(width), n, l->bytes);$/c\
\t(void)offs; /* the stores below skip a field that does not fit in n */\
\t(void)width;
