/* docs/rules.md cannot drift from the code: every rule id the sources
 * can emit (their rule-id string literals) has an entry there, every
 * entry names a rule the code has, and every expect file of the fixture
 * trees names a real rule. */
#include "tests/fixtures.h"
#include "abi/tests/spec_tests.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOC "docs/rules.md"

static size_t c_files(const char *rel_dir, char ***out)
{
	char path[4096], **v = NULL, **nv;
	struct dirent *e;
	size_t n = 0, len;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", pvabi_test_srcdir(), rel_dir);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		len = strlen(e->d_name);
		if (len < 3 || strcmp(e->d_name + len - 2, ".c"))
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		snprintf(path, sizeof(path), "%s/%s/%s", pvabi_test_srcdir(), rel_dir, e->d_name);
		v[n] = strdup(path);
		if (v[n])
			n++;
	}
	closedir(d);
	*out = v;
	return n;
}

/* The calls that report a rule: a loader diagnostic, a checker finding. */
static const char *const calls[] = { "pvabi_diag_add", "finding_add", "LERR", NULL };

/* Generators and the front end also hold literals of the code they
 * write or the names they print: only their diagnostics' rule
 * arguments count. */
static int calls_only(const char *path)
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	return !strncmp(b, "emit_", 5) || strstr(path, "/cli/") != NULL;
}

/* The rule ids of the code: every rule-like literal of the loader,
 * checker and registry (some pass the rule through a helper), and the
 * rule argument of every diagnostic of the generators and the front
 * end. */
static size_t code_rules(char ***rules)
{
	static const char *const dirs[] = { "abi", "emit", "cli", NULL };
	size_t n = 0, i, k, nf;
	char **files;

	*rules = NULL;
	for (k = 0; dirs[k]; k++) {
		nf = c_files(dirs[k], &files);
		CU_ASSERT(nf > 0);
		for (i = 0; i < nf; i++) {
			char *src = fx_read(files[i], NULL);

			if (src)
				n = fx_rule_literals(src, calls_only(files[i]) ? calls : NULL,
						     rules, n);
			free(src);
		}
		fx_free_list(files, nf);
	}
	return n;
}

static int in_list(char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

static void test_every_rule_documented(void)
{
	char **rules, *doc, key[96];
	size_t n = code_rules(&rules), i;

	doc = fx_read(pvabi_test_path(pvabi_test_srcdir(), DOC), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	CU_ASSERT(n >= 70);
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "#### `%s`", rules[i]);
		if (!strstr(doc, key))
			FX_FAIL("rule %s is emitted by the code but has no '%s' heading in " DOC,
				rules[i], key);
	}
	fx_free_list(rules, n);
	free(doc);
}

static void test_every_documented_rule_exists(void)
{
	char **rules, *doc, *p;
	size_t n = code_rules(&rules), entries = 0;

	doc = fx_read(pvabi_test_path(pvabi_test_srcdir(), DOC), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	for (p = doc; (p = strstr(p, "\n#### `")); ) {
		char name[96] = "";
		size_t len;

		p += 7;
		len = strcspn(p, "`");
		if (len < sizeof(name))
			memcpy(name, p, len);
		entries++;
		if (!in_list(rules, n, name))
			FX_FAIL(DOC " documents %s, which no source emits", name);
	}
	CU_ASSERT_EQUAL(entries, n);
	fx_free_list(rules, n);
	free(doc);
}

static void expects_name_rules(const char *tree, char **rules, size_t n)
{
	char root[4096], path[4400], err[256], **cases;
	struct fx_expect *e;
	size_t nc, i;
	int ne, k;

	snprintf(root, sizeof(root), "%s/%s", pvabi_test_srcdir(), tree);
	nc = fx_find_cases(root, "expect", "golden", &cases);
	CU_ASSERT(nc > 0);
	for (i = 0; i < nc; i++) {
		snprintf(path, sizeof(path), "%s/%s/expect", root, cases[i]);
		ne = fx_parse_expect(path, "-", &e, err, sizeof(err));
		if (ne < 0)
			FX_FAIL("%s", err);
		for (k = 0; k < ne; k++)
			if (!in_list(rules, n, e[k].rule))
				FX_FAIL("%s/%s/expect names %s, which is not a rule", tree, cases[i],
					e[k].rule);
		free(e);
	}
	fx_free_list(cases, nc);
}

static void test_expect_files_name_rules(void)
{
	char **rules;
	size_t n = code_rules(&rules);

	expects_name_rules("fixtures/spec-changes", rules, n);
	expects_name_rules("fixtures/spec-invalid", rules, n);
	fx_free_list(rules, n);
}

/* Rules of the loader and registry reader are all exercised by an
 * invalid input, but for those no file can provoke. */
static void test_every_load_rule_is_exercised(void)
{
	static const char *const files[] = {
		"abi/xmlload.c", "abi/load.c", "abi/load_ops.c",
		"abi/load_util.c", "abi/load_names.c", "abi/registry.c", "abi/load_limit.c",
		"abi/load_fmt2.c", "abi/load_fmt2_check.c", "abi/load_cmds.c", "abi/load_conv.c",
		"abi/load_runend.c", "abi/load_written.c", NULL,
	};
	/* memory, a broken build, 256 MiB inputs, unreadable paths: tested
	 * through the API in spec_invalid's fixed tests where possible */
	static const char *const no_file[] = {
		"OUT_OF_MEMORY", "INTERNAL_ERROR", "INPUT_TOO_LARGE", "INPUT_UNREADABLE", NULL,
	};
	char root[4096], path[4400], err[256], **cases, **rules = NULL;
	size_t nc, nr = 0, i, j;
	struct fx_expect *e;
	int ne, k, hit;

	for (i = 0; files[i]; i++) {
		char *src = fx_read(pvabi_test_path(pvabi_test_srcdir(), files[i]), NULL);

		CU_ASSERT_PTR_NOT_NULL_FATAL(src);
		nr = fx_rule_literals(src, NULL, &rules, nr);
		free(src);
	}
	snprintf(root, sizeof(root), "%s/fixtures/spec-invalid", pvabi_test_srcdir());
	nc = fx_find_cases(root, "expect", NULL, &cases);
	for (j = 0; j < nr; j++) {
		for (k = 0; no_file[k] && strcmp(no_file[k], rules[j]); k++)
			;
		if (no_file[k])
			continue;
		for (i = 0, hit = 0; i < nc && !hit; i++) {
			snprintf(path, sizeof(path), "%s/%s/expect", root, cases[i]);
			ne = fx_parse_expect(path, "-", &e, err, sizeof(err));
			for (k = 0; k < ne; k++)
				hit |= !strcmp(e[k].rule, rules[j]);
			free(e);
		}
		if (!hit)
			FX_FAIL("load rule %s: no case under fixtures/spec-invalid expects it",
				rules[j]);
	}
	fx_free_list(cases, nc);
	fx_free_list(rules, nr);
}

const struct pvabi_test_case rules_doc_cases[] = {
	{ "every_rule_documented", test_every_rule_documented },
	{ "every_documented_rule_exists", test_every_documented_rule_exists },
	{ "expect_files_name_rules", test_expect_files_name_rules },
	{ "every_load_rule_is_exercised", test_every_load_rule_is_exercised },
	{ NULL, NULL },
};
