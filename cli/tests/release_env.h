/* What the release workflow tests share (test_release*.c): a temporary
 * directory with copies of the mini spec and registry, and the pvabi
 * program run in it. */
#ifndef PVABI_RELEASE_ENV_H
#define PVABI_RELEASE_ENV_H

#include "tests/harness.h"

#include <stddef.h>

#define SPEC "--spec mini.xml "

/* The temporary directory the tests run in (rel_setup makes it). */
extern char rel_dir[256];

/* Runs pvabi with args in rel_dir, after the shell commands pre; returns
 * its exit status, output in out. */
int rel_pvabi_after(const char *pre, char *out, size_t outlen, const char *args);
int rel_pvabi(char *out, size_t outlen, const char *args);
/* Copies the source tree's rel to rel_dir/to; 0 or -1. */
int rel_copy(const char *rel, const char *to);
int rel_setup(void);
int rel_teardown(void);
/* The whole file rel_dir/name, or NULL. */
char *rel_slurp(const char *name);
/* rel_dir/name holds text; 0 or -1. */
int rel_put(const char *name, const char *text);
/* 1 when both files still hold exactly spec and reg. */
int rel_unchanged(const char *spec, const char *reg);
/* How many times needle stands in hay. */
size_t rel_count(const char *hay, const char *needle);

/* The tests of test_release_new_rev.c and test_release_files.c, run in
 * one suite with test_release.c's, in order: each starts from the
 * files the one before it left. */
void test_new_rev(void);
void test_new_rev_codes(void);
void test_new_rev_utf16(void);
void test_all_or_nothing(void);
void test_concurrent_runs(void);
void test_symlinks_kept(void);
void test_comment_not_markup(void);
void test_accepted_args_load(void);
void test_no_stray_files(void);

#endif
