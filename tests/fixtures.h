/* Helpers of the data-driven spec tests: reading fixture files, finding
 * fixture cases, parsing their expect files, reporting a mismatch with
 * the case's name. */
#ifndef PVABI_SPEC_TESTS_FIXTURES_H
#define PVABI_SPEC_TESTS_FIXTURES_H

#include <stddef.h>

#include "tests/harness.h"

/* The whole file, NUL-terminated (len excludes the NUL), or NULL. */
char *fx_read(const char *path, size_t *len);
int fx_is_file(const char *path);
int fx_is_dir(const char *path);

/* Every directory under root (root itself included) holding a file named
 * marker, as paths relative to root ("." for root), sorted; a directory
 * named skip is not entered. Returns the count, *out a malloc'd array. */
size_t fx_find_cases(const char *root, const char *marker, const char *skip,
		     char ***out);
void fx_free_list(char **v, size_t n);

/* One line of an expect file: RULE [FILE:]LINE [SEVERITY]. */
struct fx_expect {
	char rule[64];
	char file[64]; /* base name; the case's primary file when omitted */
	int line;
	char sev[16];  /* breaking (default), waived, warning, compatible */
};

/* Parses path ('#' starts a comment). Returns the number of entries
 * (*out malloc'd), or -1 with a message in err. */
int fx_parse_expect(const char *path, const char *primary,
		    struct fx_expect **out, char *err, size_t errlen);

/* Records a failed CUnit assertion whose message names the case: the
 * message is what CUnit prints in its failure list. */
void fx_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define FX_FAIL(...) fx_fail(__FILE__, __LINE__, __VA_ARGS__)

/* The name of the running CUnit test (a fixture case's directory). */
const char *fx_current_test(void);

/* Runs a shell command line, output (stdout and stderr, up to cap-1
 * bytes) into out, NUL-terminated. Returns the exit status, or -1 when
 * it did not exit normally. */
int fx_run(const char *cmd, char *out, size_t cap, size_t *len);

/* Collects the string literals of a C source that look like rule ids
 * (A-Z, 0-9 and '_', at least one '_'). only_after, when set, keeps only
 * those right after a call to one of the names it lists (NULL-terminated):
 * the run of rule-like literals that starts the call's arguments, before
 * its message format. Adds to a NULL-terminated list of malloc'd strings
 * without duplicates; returns its new length. */
size_t fx_rule_literals(const char *src, const char *const *only_after,
			char ***list, size_t n);

#endif
