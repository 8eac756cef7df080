# Another vCPU's call runs a vCPU's expired timer only when its timer
# port is bound (the event is delivered at once); on an unbound port the
# expiry waits for the owner's next call, so the pending event another
# vCPU would see is not there while the owner makes no call.
/^void pvp_platform_tick/,/^}/{
s#^		if (!v->timer_deadline || v->timer_deadline > now)$#		if (!v->timer_deadline || v->timer_deadline > now ||\n\t\t    (i != c->vcpu \&\& v->timer_port \&\& c->ports[v->timer_port].state != 2))#
}
