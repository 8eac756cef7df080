# The lazy tick raises one expiry per pass, as a timer softirq that
# handles the first due entry and leaves the rest to its next run: when
# several vCPUs' deadlines are due at once, the first (lowest vCPU)
# fires at the next call and each other one a call later, although the
# doc has every deadline that passed fire before the guest's next call
# of any op (1.0+, two vCPUs).
/^\t\t\tc->stats.timer_dropped++; \/\* no timer port: the expiry is dropped \*\/$/a\
\t\tbreak; /* one expiry per pass: the next call serves the rest */
