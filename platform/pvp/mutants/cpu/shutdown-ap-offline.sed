# shutdown made on a vCPU other than 0 is taken for that vCPU going
# offline (as Xen keeps a domain's shutdown and a vCPU's VCPUOP_down
# apart): it records no reason and returns 0, and the guest runs on.
# The doc stops the guest whichever vCPU asks, all vCPUs with it, and
# the call returns only when it fails; a guest whose panic or power-off
# runs on an application processor (Linux powers off from whichever CPU
# handled the request) keeps running past it, its reason never
# reported to whoever runs it (1.0+, two vCPUs).
/^int64_t pvp_handle_shutdown(/,/^}/s/^\tc->shutdown_reason = (int)reason;$/\tif (c->vcpu)\
\t\treturn 0; \/* an application processor going offline *\/\
&/
