# console_write refuses a guest that negotiated 1.2 or 1.3, where it is
# deprecated, as if removed: EREMOVED, and nothing is written
/^int64_t pvp_handle_console_write(/,/^}/{
/^{$/,/^$/{
/^$/a\
\tif (pvp_rev(c) >= REV(1, 2))\
\t\treturn PVP_EREMOVED; /* deprecated from 1.2: use log_write */
}
}
