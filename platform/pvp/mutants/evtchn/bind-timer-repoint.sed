# evtchn_bind of a bound timer port to the vCPU it is bound to answers 0
# and takes the vector asked for, as a developer lets a vCPU re-point its
# own timer interrupt (a kernel that reprograms its clock event device
# after a kexec or a CPU coming back online binds its timer port again);
# every other bind of a bound port is refused as before. The doc refuses
# every bind of a bound port with EALREADY ("close it and allocate again
# to move it"): a guest that binds its timer port twice by mistake is
# not told, and the timer's interrupt moves under the first binder.
s/^\tif (p->state == ST_BOUND)$/\tif (p->state == ST_BOUND \&\& !(p->source == SRC_TIMER \&\& p->vcpu == vcpu)) \/* own timer re-pointed *\//
