# shutdown made on a vCPU other than 0 checks its reason against the
# reasons of the oldest revision, as if each vCPU negotiated for itself
# and an application processor, which negotiated nothing, were held to
# 1.0: from vCPU 1, crash and watchdog are refused EINVAL and nothing is
# recorded, poweroff and reboot as before. The doc negotiates once for
# the guest and stops it for any reason its revision defines, whichever
# vCPU asks; a guest whose panic runs on an application processor gets
# an error back, and whoever runs it is told of no end (1.1+, two vCPUs).
/^int64_t pvp_handle_shutdown(/,/^}/s/^\tc->shutdown_reason = (int)reason;$/\tif (c->vcpu \&\& reason > 1)\
\t\treturn PVP_EINVAL; \/* an application processor negotiated nothing: 1.0's reasons *\/\
&/
