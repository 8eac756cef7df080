/* The schemas' attribute rules (schema_rules.c), for the messages that
 * explain a refusal in the user's terms (schema_msg.c). */
#ifndef PVABI_SCHEMA_RULES_H
#define PVABI_SCHEMA_RULES_H

#include <stddef.h>

struct pvabi_attr_rule;

/* The rule of attr on elem; NULL when elem cannot carry it (any elem
 * when elem is NULL). */
const struct pvabi_attr_rule *pvabi_schema_rule(const char *elem, const char *attr);
/* 1 when v keeps rule r. */
int pvabi_schema_value_ok(const struct pvabi_attr_rule *r, const char *v);
/* What r asks for, in words ("a real date YYYY-MM-DD"); buf may hold it. */
const char *pvabi_schema_value_what(const struct pvabi_attr_rule *r, char *buf, size_t n);
/* The attributes elem cannot do without, space-separated, or NULL. */
const char *pvabi_schema_required(const char *elem);

#endif
