# The compat path for 1.0 and 1.1 guests (no flags argument) assumes they
# pass relative deadlines; the spec's default is 0 (absolute).
s|^\t\treturn PVP_EINVAL; /\* checked before a cancel takes effect \*/$|&\n\tif (pvp_rev(c) < REV(1, 2))\n\t\tflags = TIMER_RELATIVE;|
