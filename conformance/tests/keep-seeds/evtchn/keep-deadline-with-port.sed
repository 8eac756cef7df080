# evtchn_close of a timer port also disarms the vCPU's timer: the armed
# deadline is kept with the port it would be raised on, not with the
# vCPU that armed it. A deadline armed before the vCPU's timer port is
# closed and another allocated never fires on the new port. Every answer
# is right; only the expiry missing on the new port shows it. Test-local
# (test-keep), not one of the gate's scored seeds.
s|^\t\t\tc->vcpus\[i\]\.timer_port = 0; /\* later expiries are dropped \*/$|\t\t\tc->vcpus[i].timer_port = 0, c->vcpus[i].timer_deadline = 0;|
