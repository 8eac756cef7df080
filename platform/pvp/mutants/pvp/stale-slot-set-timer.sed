# A "tolerant" frame server: a one-argument set_timer from a 1.2 or later
# guest is taken as two, the flags read from whatever the frame's second
# slot still holds, instead of being refused with EINVAL.
s/^\treturn pvp_dispatch(c, &c->st, op, nargs, args);$/\tif (op == PVP_OP_SET_TIMER \&\& nargs == 1 \&\& c->st.negotiated \&\& c->st.rev >= REV(1, 2))\n\t\tnargs = 2;\n&/
