# get_time_info's minimum guest size hard-coded as 40 (the 1.1 layout):
# a 1.0 guest's 32-byte struct is refused with EINVAL.
s/if (gsize < PVP_LAYOUT_TIME_INFO_MIN_SIZE)/if (gsize < 40)/
