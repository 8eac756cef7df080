# Behaviour-preserving: the revision a timer flag is defined from
# compared major first, then minor within the same major: relative and
# future from 1.2 (any later major included), coarse from 2.0.
/^static uint32_t timer_flags_defined/,/^}/{
/^{/a\
\tuint32_t major = PVABI_NEG_REV_MAJOR(rev), minor = PVABI_NEG_REV_MINOR(rev), f = 0;\
\
\tif (major > 1 || (major == 1 \&\& minor >= 2))\
\t\tf |= TIMER_RELATIVE | TIMER_FUTURE;\
\tif (major >= 2)\
\t\tf |= TIMER_COARSE;\
\treturn f;
/^\tif (rev >= REV(2, 0))/d
/^\t\treturn TIMER_RELATIVE | TIMER_FUTURE | TIMER_COARSE;/d
/^\treturn rev >= REV(1, 2)/d
}
