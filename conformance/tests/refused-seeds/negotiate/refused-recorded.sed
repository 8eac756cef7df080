# A missing_required_features refusal is recorded in the session as if
# it were the agreement, at the revision judged and with nothing
# granted: the dispatch still serves nothing, but the guest's retry
# with smaller demands is answered already_negotiated instead of ok.
# Test-local (test-refused), not one of the gate's scored seeds.
s/^\tc->answered = 1;$/\tc->answered = 1;\n\tif (a.status == PVABI_NEG_MISSING_REQUIRED_FEATURES \&\& !c->session.negotiated) {\n\t\tc->session.negotiated = 1;\n\t\tc->session.rev = a.chosen;\n\t\tc->session.granted = 0;\n\t}/
