# get_time_info writes the snapshot through a mapping of the guest page
# the buffer starts in, as a VMM that maps guest memory a page at a time
# and copies out once: a buffer that crosses a page boundary gets the
# bytes up to the boundary, the rest keeps what the guest held there, and
# the call still answers 0 with size set, although the doc writes every
# field that fits wherever the buffer lies in guest memory (1.0+).
/^int64_t pvp_handle_get_time_info/,/^}/{
/^\treturn pvabi_gmem_write(&c->host, info.gpa, b, n) ? PVP_EFAULT : 0;/i\
\t/* the snapshot is copied out through a mapping of its first page */\
\tif (n > 4096 - (info.gpa \& 4095))\
\t\tn = (uint32_t)(4096 - (info.gpa \& 4095));
}
