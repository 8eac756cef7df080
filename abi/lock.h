/* The lock file beside a registry (ABI-VERSIONS.lock beside
 * ABI-VERSIONS.xml): the canonical lines of every released revision.
 * The registry's fingerprint is their sha256, so the registry stays the
 * source of truth: a lock block whose lines do not hash to the registry's
 * fingerprint is refused, never believed. With the lines at hand, a
 * changed released revision is named element by element instead of as a
 * bare fingerprint mismatch. */
#ifndef PVABI_LOCK_H
#define PVABI_LOCK_H

#include <stddef.h>

#include "abi/canon.h"
#include "abi/check.h"

struct pvabi_lock_rev {
	char *id;
	char *fingerprint; /* as written in the lock */
	int line;          /* of its "revision" line */
	struct pvabi_canon canon; /* lines point into the lock's text: never
				   * pvabi_canon_free it */
	/* Its limit lines (abi/limit_canon.h) from a "limits ID" block, not
	 * hashed: the fingerprint predates them. */
	struct pvabi_canon limits;
	int has_limits;
	int limits_line;
};

struct pvabi_lock {
	struct pvabi_lock_rev *revs;
	size_t n;
	char *text;
};

/* The lock path for a registry path: its ".xml" replaced by ".lock"
 * (".versions.lock" appended to any other name). 0 or -ENAMETOOLONG. */
int pvabi_lock_path(const char *registry, char *buf, size_t n);
/* Parses lock text; -EINVAL with "name:line: why" in err, -ENOMEM. */
int pvabi_lock_parse(const char *buf, size_t len, const char *name,
		     struct pvabi_lock *out, char *err, size_t errlen);
/* Reads and parses path; -ENOENT when there is none. */
int pvabi_lock_load(const char *path, struct pvabi_lock *out, char *err,
		    size_t errlen);
void pvabi_lock_free(struct pvabi_lock *l);
/* Removes block i (order not kept). */
void pvabi_lock_drop(struct pvabi_lock *l, size_t i);
const struct pvabi_lock_rev *pvabi_lock_find(const struct pvabi_lock *l,
					     const char *id);

/* The lock text for registry r: one block per frozen revision whose
 * fingerprint= in r is that of s's view (of the generation fingerprint=
 * covers, r->described). malloc'd, or NULL (no memory). */
char *pvabi_lock_text(const struct pvabi_spec *s,
		      const struct pvabi_registry *r, size_t *len);

/* LIMIT_CHANGED: each released revision of r with a lock block whose
 * limit lines differ from the ones s gives it now (lock_path names the
 * lock in messages). */
void pvabi_lock_limits_check(const struct pvabi_spec *s, const struct pvabi_registry *r,
			     const struct pvabi_lock *l, const char *lock_path,
			     struct pvabi_findings *f);

/* Names what changed in released revision si of s against its locked
 * lines: one RELEASED_REVISION_MODIFIED finding per changed element,
 * with its file:line in s and the old and new canonical line (old: the
 * locked lines, or another spec's). Findings of
 * several revisions for the same element and change are folded into one. */
struct pvabi_lock_change;
struct pvabi_lock_changes {
	struct pvabi_lock_change *v;
	size_t n, cap;
	int oom;
};
/* gen: the description generation old's lines cover (PVABI_DESCRIBED_ALL
 * for another spec's whole view). */
void pvabi_lock_diff(const struct pvabi_spec *s, int si, int gen,
		     const struct pvabi_canon *old, struct pvabi_lock_changes *c);
/* Appends the findings and empties c. against names the other spec
 * (rule REVISION_CHANGED_SINCE, an element already reported as a
 * modified released revision left out), or is NULL for the lock. */
void pvabi_lock_changes_report(struct pvabi_lock_changes *c,
			       struct pvabi_findings *f, const char *against);

#endif
