/* The errors and alias targets: what they write for the mini spec, the
 * names a program gives them, and every refusal, which leaves no file. */
#include "emit/emit.h"
#include "abi/load.h"
#include "tests/fixtures.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MINI "fixtures/gen/mini.xml"

static char *slurp(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return fx_read(path, NULL);
}

/* Removes the plain files of dir; returns how many there were. */
static int empty_dir(const char *dir)
{
	char path[4096];
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
			n++;
		}
	closedir(d);
	return n;
}

static struct pvabi_spec *spec;
static char dir[64];

/* Each test: the mini spec and an empty output directory of its own. */
static int begin(void)
{
	struct pvabi_diags d = { 0 };

	snprintf(dir, sizeof(dir), "/tmp/pvabi-headers-XXXXXX");
	spec = pvabi_spec_load(pvabi_test_path(pvabi_test_srcdir(), MINI), &d);
	pvabi_diag_free(&d);
	return spec && mkdtemp(dir) ? 0 : -1;
}

static void end(void)
{
	empty_dir(dir);
	rmdir(dir);
	pvabi_spec_free(spec);
	spec = NULL;
}

/* Runs one target on revision rev; *rule gets the first diagnostic's. */
static int run(int (*emit)(const struct pvabi_gen *), const char *rev, const char *file,
	       const char *symbol, const char *const *aliases, size_t n, char *rule)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_gen g = { .spec = spec, .spec_name = MINI, .rev = pvabi_spec_rev(spec, rev),
			       .outdir = dir, .d = &d, .file = file, .symbol = symbol,
			       .aliases = aliases, .naliases = n };
	int rc = emit(&g);

	snprintf(rule, 64, "%s", d.n ? d.v[0].rule : "");
	pvabi_diag_free(&d);
	return rc;
}

static void test_errors(void)
{
	char rule[64], *h;
	CU_ASSERT_FATAL(begin() == 0);

	CU_ASSERT_EQUAL(run(pvabi_emit_errors, "1.2", NULL, NULL, NULL, 0, rule), 0);
	h = slurp(dir, "mini_errors.h");
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "#ifndef MINI_MINI_ERRORS_H\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "static const int64_t mini_errors[] = {\n"
					 "\tINT64_C(-22), /* MINI_EINVAL */\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "\tINT64_C(-1004), /* MINI_ENOFEATURE */\n};\n"));
	free(h);
	CU_ASSERT_EQUAL(empty_dir(dir), 1);
	CU_ASSERT_EQUAL(run(pvabi_emit_errors, "1.0", "abi_errors.h", "pvabi_abi_errors", NULL, 0,
			    rule), 0);
	h = slurp(dir, "abi_errors.h");
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "static const int64_t pvabi_abi_errors[] = {\n"));
	free(h);
	CU_ASSERT_EQUAL(empty_dir(dir), 1);
	end();
}

static void test_errors_refused(void)
{
	static const char *const bad_symbols[] = { "int", "__x", "_X", "1x", "a-b", "" };
	char rule[64];
	size_t i;
	CU_ASSERT_FATAL(begin() == 0);

	for (i = 0; i < sizeof(bad_symbols) / sizeof(bad_symbols[0]); i++) {
		CU_ASSERT_EQUAL(run(pvabi_emit_errors, "1.2", NULL, bad_symbols[i], NULL, 0, rule), -1);
		CU_ASSERT_STRING_EQUAL(rule, "GEN_ALIAS_INVALID");
	}
	CU_ASSERT_EQUAL(run(pvabi_emit_errors, "1.2", "../x.h", NULL, NULL, 0, rule), -1);
	CU_ASSERT_STRING_EQUAL(rule, "GEN_ALIAS_INVALID");
	CU_ASSERT_EQUAL(empty_dir(dir), 0);
	end();
}

static void test_alias(void)
{
	static const char *const a[] = {
		"OP_HALT=op:halt", "my_info=struct:info", "my_reason=enum:reason",
		"ERR_INVAL=error:EINVAL", "F_FASTER=feature:faster",
	};
	char rule[64], *h;
	CU_ASSERT_FATAL(begin() == 0);

	CU_ASSERT_EQUAL(run(pvabi_emit_alias, "1.1", "names.h", NULL, a, 5, rule), 0);
	h = slurp(dir, "names.h");
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "#include \"mini_guest.h\"\n\n"
					 "#define OP_HALT MINI_OP_HALT\n"
					 "typedef struct mini_info my_info;\n"
					 "typedef mini_reason_t my_reason;\n"
					 "#define ERR_INVAL MINI_EINVAL\n"
					 "#define F_FASTER MINI_FEATURE_FASTER\n\n#endif\n"));
	free(h);
	CU_ASSERT_EQUAL(empty_dir(dir), 1);
	end();
}

static void test_alias_refused(void)
{
	static const char *const bad[] = {
		"X=op:no_such_op",   /* not in the spec */
		"X=op:old_write",    /* removed in 1.2 */
		"X=feature:faster2", "X=thing:halt", "X", "X=op", "int=op:halt",
		"__X=op:halt", "X-Y=op:halt",
	};
	static const char *const twice[] = { "X=op:halt", "X=op:nop" };
	char rule[64];
	size_t i;
	CU_ASSERT_FATAL(begin() == 0);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL(run(pvabi_emit_alias, "1.2", "a.h", NULL, &bad[i], 1, rule), -1);
		CU_ASSERT_STRING_EQUAL(rule, "GEN_ALIAS_INVALID");
	}
	CU_ASSERT_EQUAL(run(pvabi_emit_alias, "1.2", "a.h", NULL, twice, 2, rule), -1);
	CU_ASSERT_STRING_EQUAL(rule, "GEN_ALIAS_INVALID");
	CU_ASSERT_EQUAL(run(pvabi_emit_alias, "1.2", NULL, NULL, twice, 1, rule), -1);
	CU_ASSERT_EQUAL(run(pvabi_emit_alias, "1.2", "a.h", NULL, NULL, 0, rule), -1);
	CU_ASSERT_EQUAL(empty_dir(dir), 0);
	end();
}

const struct pvabi_test_case headers_cases[] = {
	{ "errors", test_errors },
	{ "errors_refused", test_errors_refused },
	{ "alias", test_alias },
	{ "alias_refused", test_alias_refused },
	{ NULL, NULL },
};
