# Steal time also counts every silence of the guest longer than a
# millisecond: a vCPU that neither called nor rang the doorbell for that
# long is taken for one the host descheduled (a VMM that infers
# preemption from the gaps between a vCPU's exits might), and the
# silence is added to what get_steal_time answers. A vCPU halted or
# waiting for an event is silent by its own choice, which the doc
# excludes: a 2.1 guest that waits reads its waits as steal (2.1,
# steal_time).
s/^void pvp_platform_tick(struct pvp_ctx \*c)$/static uint64_t last_seen_ns, silent_ns; \/* the platform's last run; summed *\/\n\n&/
s/^\tuint64_t now = pvp_platform_time(c);$/&\n\n\tif (last_seen_ns \&\& now - last_seen_ns > 1000000) \/* not running: taken *\/\n\t\tsilent_ns += now - last_seen_ns;\n\tlast_seen_ns = now;/
s/^\treturn (int64_t)(d & INT64_MAX);$/\treturn (int64_t)((d + silent_ns) \& INT64_MAX);/
