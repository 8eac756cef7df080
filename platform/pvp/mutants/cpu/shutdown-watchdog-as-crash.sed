# shutdown records a watchdog expiry as a crash, which the doc says it
# is handled as: whoever runs the guest can no longer tell a hang from a
# panic (1.3+)
s/^\tc->shutdown_reason = (int)reason;$/\tc->shutdown_reason = (int)(reason == 3 ? 2 : reason); \/* watchdog: handled as crash *\//
