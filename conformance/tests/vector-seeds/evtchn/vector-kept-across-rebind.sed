# A port's vector is programmed once per port number, as a stale
# interrupt-remapping entry that neither the close nor a new allocation
# invalidates: evtchn_bind sets the vector only where the number keeps
# none. A port number allocated again delivers (and reports) the
# previous binding's vector. Test-local (test-vector), not one of the
# gate's scored seeds.
s/^\tp->vector = vector;$/\tp->vector = p->vector ? p->vector : vector;/
s/^\tmemset(&c->ports\[port\], 0, sizeof(c->ports\[port\])); \/\* pending discarded \*\/$/\tc->ports[port] = (struct pvp_port){ .vector = c->ports[port].vector };/
s/^\t\t\t\t\t    \.vcpu = NO_VCPU };$/\t\t\t\t\t    .vcpu = NO_VCPU, .vector = c->ports[port].vector };/
