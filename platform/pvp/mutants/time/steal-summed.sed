# get_steal_time adds what it reads to a running total, as if the
# reading were the increment since the last report, but never moves the
# base: the run-queue wait since init is counted again at every call,
# so the reported steal time grows with the number of calls and soon
# exceeds the time the guest has existed.
/^\tif (d < c->steal_last_ns) \/\* another serving thread: stay monotonic \*\/$/,/^\treturn (int64_t)(d & INT64_MAX);$/c\
\tc->steal_last_ns += d; /* the increment since the last report */\
\treturn (int64_t)(c->steal_last_ns & INT64_MAX);
