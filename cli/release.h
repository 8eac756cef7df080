/* The release commands (release, new-rev): argument validation, the
 * inputs they read under the lock, the edit of the spec's <revisions>,
 * the new registry text, and their publishing: both commands change two
 * files in one transaction of util/afile.h. */
#ifndef PVABI_CLI_RELEASE_H
#define PVABI_CLI_RELEASE_H

#include <stddef.h>

#include "abi/model.h"
#include "abi/registry.h"
#include "util/afile.h"

struct cli_rel_opts {
	const char *spec, *registry, *date, *rev;
	int freeze;
};

/* Options and the one REV operand of command cmd: 0, 1 for --help
 * (printed), -1 for a usage error (printed). */
int cli_rel_parse(int argc, char **argv, struct cli_rel_opts *o, const char *cmd);
/* Every argument checked before anything is read or written; the
 * offending value is printed. 1 if all are valid. */
int cli_rel_args_valid(const struct cli_rel_opts *o);

/* A revision id as the schema and the wire format accept it: MAJOR.MINOR,
 * each part 0..65535 written without leading zeros. 1 if valid; else 0
 * with the reason in why. */
int cli_rev_valid(const char *s, unsigned int *major, unsigned int *minor,
		  char *why, size_t whylen);
/* A real calendar date YYYY-MM-DD (year 0001..9999, leap years known). */
int cli_date_valid(const char *s, char *why, size_t whylen);

/* The spec (its exact text and model) and the registry, read under the
 * lock; every error printed. */
struct cli_rel_inputs {
	char *spec_text;
	size_t spec_len;
	struct pvabi_spec *s;
	struct pvabi_registry *r;
};

int cli_rel_load(struct cli_rel_inputs *in, const struct cli_rel_opts *o);
void cli_rel_free(struct cli_rel_inputs *in);

/* spec text with <revision id="rev"> appended to <revisions>, in *out
 * (malloc'd). 0 or -errno (-EINVAL: no </revisions> end tag found). */
int cli_spec_add_revision(const char *text, size_t len, const char *rev,
			  char **out, size_t *outlen);
/* The registry as XML (malloc'd), loaded back to prove it valid first;
 * NULL with the diagnostics printed. */
char *cli_registry_text(const struct pvabi_registry *r, size_t *len);

/* Replaces file a by adata and file b by bdata under t, both or neither:
 * 0, or -errno with the reason in err. */
int cli_rel_publish(struct pvabi_afile_txn *t, const char *a, const char *adata, size_t alen,
		    const char *b, const char *bdata, size_t blen, char *err, size_t errlen);
/* The history and the registry checked: 1 if no breaking finding, else
 * 0 with the findings printed and "refusing to WHAT". A release commits
 * a fingerprint forever, so a broken revision must not get one. */
int cli_rel_history_clean(struct pvabi_spec *s, const struct pvabi_registry *r,
			  const char *what);
/* The same, counting no finding of rule `but` (NULL: none left out):
 * 'pvabi correct' acknowledges exactly those. */
int cli_rel_history_clean_but(struct pvabi_spec *s, const struct pvabi_registry *r,
			      const char *what, const char *but);
/* The registry and its lock (the canonical lines of every released
 * revision, abi/lock.h) published together under t: PVABI_EXIT_OK, or
 * PVABI_EXIT_USAGE with the reason printed and nothing changed. */
int cli_rel_publish_registry(struct pvabi_afile_txn *t, const struct pvabi_spec *s,
			     const struct pvabi_registry *r, const char *registry);
/* Says on stderr that a run waits for the lock, or that a file was put
 * back as it was before an interrupted run. */
void cli_rel_note(int what, const char *path);

#endif
