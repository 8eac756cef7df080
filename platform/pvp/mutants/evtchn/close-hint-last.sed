# evtchn_close points the allocation hint at the port it frees, whether or
# not a lower port is already free: closing ports in increasing order
# leaves the lower ones behind the hint, so allocation is not lowest
# first and they are not reused until the hint passes them again.
/^int64_t pvp_handle_evtchn_close/,/^}/{
/if (port < c->port_hint)/d
s/^\t\tc->port_hint = port;/\tc->port_hint = port;/
}
