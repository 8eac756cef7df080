# evtchn_close is served before the platform's pending work, which runs
# after it: an expiry that fell due while the guest made no call is
# raised only after the close, on no port, and dropped (other calls
# still run it first).
/^int64_t pvp_platform_call/,/^}/{
s|^	if (c->st.negotiated)$|	if (c->st.negotiated \&\& op != 14)|
s|^	return pvp_dispatch(c, &c->st, op, nargs, args);|	{ int64_t r = pvp_dispatch(c, \&c->st, op, nargs, args);\n\t  if (c->st.negotiated) pvp_platform_tick(c);\n\t  return r; }|
}
