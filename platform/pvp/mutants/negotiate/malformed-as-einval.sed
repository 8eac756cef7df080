# negotiate writes the answer to a malformed offer, then returns EINVAL,
# taking "EINVAL if one of its arguments can be refused" to cover an
# offer that cannot be read: the doc returns 0 whenever an answer was
# written, whatever its status, and fails only for a wrong argument
# count or a buffer outside guest memory (1.0+, also after an agreement).
s/^\tif (a.status != PVABI_NEG_OK)$/\tif (a.status == PVABI_NEG_MALFORMED)\
\t\treturn PVP_EINVAL; \/* the offer argument is refused *\/\
&/
