# log_write tags each record with the severity of a host log backend
# that has four (error, warning, info, debug), as a port onto such a
# backend maps syslog's levels: `notice` is recorded as `info`, so an
# operator who filters the log for significant events never sees the
# guest's notices, although the doc stores each record with its own
# severity, syslog's, "so a platform can forward records unchanged"
# (1.2+).
/^static const char \*level_name(/,/^}$/{
s/{ "error", "warning", "notice", "info", "debug" }/{ "error", "warning", "info", "info", "debug" }/
}
