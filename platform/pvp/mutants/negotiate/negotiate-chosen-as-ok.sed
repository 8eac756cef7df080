# negotiate takes a chosen revision as an agreement: an answer
# missing_required_features (chosen is the revision judged) puts the
# dispatch in that revision with no feature, so the calls of a guest
# whose negotiation failed are served instead of refused
s/^\tif (a.status != PVABI_NEG_OK)$/\tif (!a.chosen) \/* no revision chosen: nothing to serve *\//
