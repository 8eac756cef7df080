# negotiate has the dispatch serve the newest minor revision the
# platform serves within the agreed major, reading "additions only" in
# the revisions' docs as "a later minor serves every guest of its
# major": the answer says the revision agreed (chosen 1.1), but the
# guest is served 1.3's view: its one-argument set_timer is refused
# EINVAL (1.3 takes two), its 32-byte time_info is cut at 1.3's layout,
# cpuid 0x40000001 reports 1.3; 1.3 and 2.1 guests as before.
/^int64_t pvp_handle_negotiate(/,/^}$/{
s/^\tint n;$/\tuint32_t view, i;\
&/
s/^\tif (pvp_dispatch_negotiated(&c->st, a.chosen, a.granted))$/\tview = a.chosen; \/* the newest served minor of the agreed major *\/\
\tfor (i = 0; i < c->profile.nrevs; i++)\
\t\tif ((c->profile.served >> i \& 1) \&\& c->profile.revs[i] > view \&\&\
\t\t    PVABI_NEG_REV_MAJOR(c->profile.revs[i]) == PVABI_NEG_REV_MAJOR(a.chosen))\
\t\t\tview = c->profile.revs[i];\
\tif (pvp_dispatch_negotiated(\&c->st, view, a.granted))/
}
