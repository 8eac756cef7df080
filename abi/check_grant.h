/* Behaviour a feature changes, judged per grant: each op a feature
 * declares with <changes op=> must be judged, in every revision where
 * both exist, by a check whose expectation names the feature's grant
 * (docs/spec-language.md, Features; docs/rules.md,
 * FEATURE_BEHAVIOUR_UNCHECKED). Run by pvabi_check_coverage. */
#ifndef PVABI_CHECK_GRANT_H
#define PVABI_CHECK_GRANT_H

#include "abi/check.h"

/* How the text of an expectation names feature bit `bit`'s grant: 1 if
 * it holds "granted.NAME", a bare "granted", or "granted>>S" with S <=
 * bit; else 0. name is the feature's name. */
int pvabi_text_names_grant(const char *text, const char *name, unsigned int bit);

/* One FEATURE_BEHAVIOUR_UNCHECKED warning (waivable) per feature,
 * changed op and revision that no such check covers. */
void pvabi_check_feature_changes(const struct pvabi_spec *s, struct pvabi_findings *f);

/* FEATURE_UPCALLS_UNCOUNTED (check_upcalls.c): a scenario that waits for
 * upcalls after a call of an op a feature changes (<changes op=>), in a
 * revision where both exist, counts them exactly: its wait is exact, or
 * an exact wait of the same vCPU and count follows it with no call
 * between. One waivable warning per wait and revision, at the wait's
 * line, target scenario:NAME. Run by pvabi_check_feature_changes. */
void pvabi_check_feature_upcalls(const struct pvabi_spec *s, struct pvabi_findings *f);

#endif
