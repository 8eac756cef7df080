# Any answer that is not ok clears the dispatch's agreement: a second
# negotiation (already_negotiated, or a malformed offer) after a
# successful one leaves the guest un-negotiated, and every later call
# fails with ENOTNEGOTIATED although the first agreement stays in force.
/^\tif (a.status != PVABI_NEG_OK)$/{N;s/.*/\tif (a.status != PVABI_NEG_OK) {\n\t\tc->st.negotiated = 0; \/* no stale agreement *\/\n\t\treturn 0;\n\t}/}
