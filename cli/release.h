/* The release commands (release, new-rev): argument validation, the
 * inputs they read under the lock, the edit of the spec's <revisions>,
 * and the new registry text. Writing is cli/publish.h's job. */
#ifndef PVABI_CLI_RELEASE_H
#define PVABI_CLI_RELEASE_H

#include <stddef.h>

#include "abi/model.h"
#include "abi/registry.h"

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

#endif
