# Leaf 0x40000001 reports the last negotiation answer the platform gave,
# not the agreement in force: after a later malformed offer (answered
# malformed, chosen 0, granted 0) it shows revision 0 and no feature,
# although the first agreement stays in force.
s/^\t\tr\[0\] = pvp_rev(c);$/\t\tr[0] = c->answer.chosen; \/* what negotiation answered *\//
s/^\t\tr\[1\] = (uint32_t)c->st.granted;$/\t\tr[1] = (uint32_t)c->answer.granted;/
s/^\t\tr\[2\] = (uint32_t)(c->st.granted >> 32);$/\t\tr[2] = (uint32_t)(c->answer.granted >> 32);/
