# log_write reads the record through the guest page it starts in, one
# page per call, as a VMM that maps guest memory a page at a time: a
# record that crosses a page boundary is cut there, logged short and
# answered with the bytes taken, although the doc accepts len bytes
# wherever the buffer lies in guest memory (1.2+).
/^int64_t pvp_handle_log_write/,/^}/{
/^\t\/\* the dispatch refused len above log_len/i\
\t/* the record is read through a mapping of the page it starts in */\
\tif (len > 4096 - (buf.gpa \& 4095))\
\t\tlen = n = (uint32_t)(4096 - (buf.gpa \& 4095));
}
