# The revision a timer flag is defined from compared major and minor
# apart, as a developer reads "1.2 or later" as major >= 1 and minor >= 2:
# 2.0 and 2.1 (minor 0 and 1) lose `relative` and `future`, which then
# fail with EINVAL and arm nothing; `coarse` (major >= 2) and 1.2 and 1.3
# are served as before.
/^static uint32_t timer_flags_defined/,/^}/{
/^{/a\
\tuint32_t major = PVABI_NEG_REV_MAJOR(rev), minor = PVABI_NEG_REV_MINOR(rev), f = 0;\
\
\tif (major >= 1 \&\& minor >= 2)\
\t\tf |= TIMER_RELATIVE | TIMER_FUTURE;\
\tif (major >= 2)\
\t\tf |= TIMER_COARSE;\
\treturn f;
/^\tif (rev >= REV(2, 0))/d
/^\t\treturn TIMER_RELATIVE | TIMER_FUTURE | TIMER_COARSE;/d
/^\treturn rev >= REV(1, 2)/d
}
