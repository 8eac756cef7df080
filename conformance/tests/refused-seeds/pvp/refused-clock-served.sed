# The clock is read on a path before the dispatch, for a guest that
# wants the time early in its boot: get_time without arguments answers
# the platform time whether or not the guest has negotiated, so a guest
# whose negotiation was refused gets an answer instead of ENOTNEGOTIATED.
# After an agreement nothing changes. Test-local (test-refused), not one
# of the gate's scored seeds.
/^int64_t pvp_platform_call(/,/^}/s/^\tif (c->st.negotiated)$/\tif (!c->st.negotiated \&\& op == 9 \&\& nargs == 0)\n\t\treturn pvp_handle_get_time(c);\n&/
