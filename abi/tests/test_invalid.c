/* Inputs that must be refused: the cases of fixtures/spec-invalid, one
 * CUnit test each. A case directory holds one input (spec.xml or
 * spec.bin, loaded as a spec; registry.xml, loaded as a registry) and an
 * expect file whose first "RULE LINE" is the first diagnostic; further
 * lines must be among the diagnostics too.
 *
 * Each load runs in a child process, so a crash is reported as this
 * case's failure (with the signal) instead of ending the test program;
 * an alarm turns a hang into a failure the same way. */
#include "abi/load.h"
#include "abi/registry.h"
#include "abi/schema_msg.h"
#include "abi/xmlload.h"
#include "tests/fixtures.h"
#include "abi/tests/spec_tests.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define INVALID "fixtures/spec-invalid"

/* A guard against an endless load, not a timing assertion. */
#define HANG_SECONDS 120

static const char *const inputs[] = { "spec.xml", "spec.bin", "registry.xml", NULL };

/* In the child: load, write "loaded N\n" then "RULE LINE FILE\n" per
 * diagnostic into fd, free everything, exit 0. */
static void child(const char *path, int registry, int fd)
{
	struct pvabi_diags d = { 0 };
	FILE *out = fdopen(fd, "w");
	size_t i;
	int loaded;

	alarm(HANG_SECONDS);
	if (!out)
		_exit(3);
	if (registry) {
		struct pvabi_registry *r = pvabi_registry_load(path, &d);

		loaded = r != NULL;
		pvabi_registry_free(r);
	} else {
		struct pvabi_spec *s = pvabi_spec_load(path, &d);

		loaded = s != NULL;
		pvabi_spec_free(s);
	}
	fprintf(out, "loaded %d\n", loaded);
	for (i = 0; i < d.n; i++)
		fprintf(out, "%s %d %s %zu\n", d.v[i].rule, d.v[i].line,
			d.v[i].file, strlen(d.v[i].msg));
	pvabi_diag_free(&d);
	fclose(out);
	_exit(0);
}

struct result {
	int status;
	int loaded;
	size_t n;
	char rule[32][64];
	int line[32];
	char file[32][512];
	size_t msglen[32];
};

static int run_load(const char *path, int registry, struct result *res)
{
	char buf[65536], *p, *save = NULL;
	size_t len = 0;
	ssize_t got;
	int fds[2];
	pid_t pid;

	memset(res, 0, sizeof(*res));
	res->loaded = -1;
	if (pipe(fds))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		child(path, registry, fds[1]);
	}
	close(fds[1]);
	while (len < sizeof(buf) - 1 &&
	       (got = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)got;
	close(fds[0]);
	buf[len] = '\0';
	if (waitpid(pid, &res->status, 0) != pid)
		return -1;
	for (p = strtok_r(buf, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(p, "loaded ", 7)) {
			res->loaded = atoi(p + 7);
			continue;
		}
		if (res->n < 32 &&
		    sscanf(p, "%63s %d %511s %zu", res->rule[res->n], &res->line[res->n],
			   res->file[res->n], &res->msglen[res->n]) == 4)
			res->n++;
	}
	return 0;
}

static void run_case(void)
{
	const char *name = fx_current_test();
	char dir[4096], path[4200], err[512];
	struct fx_expect *exp = NULL;
	struct result res;
	int n, i, k, registry = 0;
	size_t j;

	snprintf(dir, sizeof(dir), "%s/" INVALID "/%s", pvabi_test_srcdir(), name);
	for (i = 0; inputs[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, inputs[i]);
		if (fx_is_file(path))
			break;
	}
	if (!inputs[i]) {
		FX_FAIL("spec-invalid/%s: no spec.xml, spec.bin or registry.xml", name);
		return;
	}
	registry = !strcmp(inputs[i], "registry.xml");
	n = fx_parse_expect(pvabi_test_path(dir, "expect"), inputs[i], &exp, err, sizeof(err));
	if (n <= 0) {
		FX_FAIL("spec-invalid/%s: %s", name, n < 0 ? err : "expect lists nothing");
		free(exp);
		return;
	}
	CU_ASSERT_EQUAL_FATAL(run_load(path, registry, &res), 0);
	if (WIFSIGNALED(res.status)) {
		FX_FAIL("spec-invalid/%s: the loader crashed (signal %d%s)", name,
			WTERMSIG(res.status),
			WTERMSIG(res.status) == SIGALRM ? ", it hung" : "");
	} else if (!WIFEXITED(res.status) || WEXITSTATUS(res.status)) {
		FX_FAIL("spec-invalid/%s: the loading process exited with %d", name,
			WIFEXITED(res.status) ? WEXITSTATUS(res.status) : -1);
	} else if (res.loaded != 0) {
		FX_FAIL("spec-invalid/%s: the input loaded (%d); it must be refused", name,
			res.loaded);
	} else if (res.n == 0) {
		FX_FAIL("spec-invalid/%s: refused without a diagnostic", name);
	} else {
		if (strcmp(res.rule[0], exp[0].rule) || res.line[0] != exp[0].line) {
			printf("\n  case %s: first diagnostic is %s line %d, expected %s line %d\n",
			       name, res.rule[0], res.line[0], exp[0].rule, exp[0].line);
			FX_FAIL("spec-invalid/%s: first diagnostic %s:%d, expected %s:%d", name,
				res.rule[0], res.line[0], exp[0].rule, exp[0].line);
		}
		for (k = 1; k < n; k++) {
			for (j = 0; j < res.n; j++)
				if (!strcmp(res.rule[j], exp[k].rule) && res.line[j] == exp[k].line)
					break;
			if (j == res.n)
				FX_FAIL("spec-invalid/%s: no diagnostic %s at line %d", name,
					exp[k].rule, exp[k].line);
		}
		for (j = 0; j < res.n; j++)
			if (strcmp(res.file[j], path) || res.msglen[j] == 0)
				FX_FAIL("spec-invalid/%s: diagnostic %zu names %s or has no message",
					name, j, res.file[j]);
	}
	free(exp);
}

/* --- the same loader, in-process, for what a file cannot hold ---------- */

static struct pvabi_spec *load_text(const char *text, size_t len,
				    struct pvabi_diags *d)
{
	return pvabi_spec_load_mem(text, len, "mem.xml", d);
}

static void test_missing_file(void)
{
	struct pvabi_diags d = { 0 };
	char path[4096];

	snprintf(path, sizeof(path), "%s/" INVALID "/no-such-file.xml", pvabi_test_srcdir());
	CU_ASSERT_PTR_NULL(pvabi_spec_load(path, &d));
	CU_ASSERT_EQUAL_FATAL(d.n, 1);
	CU_ASSERT_STRING_EQUAL(d.v[0].rule, "INPUT_UNREADABLE");
	CU_ASSERT_EQUAL(d.v[0].line, 0);
	pvabi_diag_free(&d);
	CU_ASSERT_PTR_NULL(pvabi_registry_load(path, &d));
	CU_ASSERT(d.n == 1 && !strcmp(d.v[0].rule, "INPUT_UNREADABLE"));
	pvabi_diag_free(&d);
}

static void test_directory(void)
{
	struct pvabi_diags d = { 0 };
	char path[4096];

	snprintf(path, sizeof(path), "%s/" INVALID, pvabi_test_srcdir());
	CU_ASSERT_PTR_NULL(pvabi_spec_load(path, &d));
	CU_ASSERT_FATAL(d.n >= 1);
	CU_ASSERT_STRING_EQUAL(d.v[0].rule, "INPUT_UNREADABLE");
	pvabi_diag_free(&d);
}

/* The size limit is checked before a byte is read. */
static void test_too_large(void)
{
	struct pvabi_diags d = { 0 };
	static const char tiny[] = "<abi/>";

	CU_ASSERT_PTR_NULL(load_text(tiny, (size_t)PVABI_XML_MAX_BYTES + 1, &d));
	CU_ASSERT_EQUAL_FATAL(d.n, 1);
	CU_ASSERT_STRING_EQUAL(d.v[0].rule, "INPUT_TOO_LARGE");
	pvabi_diag_free(&d);
}

/* One diags list across several loads: earlier messages do not make a
 * valid file fail, and a failed load still adds its own. */
static void test_shared_diags(void)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;
	char path[4096];

	CU_ASSERT_PTR_NULL(load_text("<abi", 4, &d));
	CU_ASSERT_FATAL(d.n >= 1);
	snprintf(path, sizeof(path), "%s/fixtures/spec-changes/base.xml", pvabi_test_srcdir());
	s = pvabi_spec_load(path, &d);
	CU_ASSERT_PTR_NOT_NULL(s);
	pvabi_spec_free(s);
	snprintf(path, sizeof(path), "%s/" INVALID "/UNKNOWN_TYPE/spec.xml", pvabi_test_srcdir());
	CU_ASSERT_PTR_NULL(pvabi_spec_load(path, &d));
	CU_ASSERT_STRING_EQUAL(d.v[d.n - 1].rule, "UNKNOWN_TYPE");
	pvabi_diag_free(&d);
}

/* Every prefix of base.xml cut at a line end, and base.xml with single
 * bytes overwritten: none may crash (ASan and valgrind watch); the cut
 * ones must fail with a diagnostic. */
static void test_truncations_and_mutations(void)
{
	char path[4096], *text, *copy;
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;
	size_t len, i, cut = 0;
	unsigned int seed = 12345;
	static const char bytes[] = "<>/=\"'&;x0\n\xff";

	snprintf(path, sizeof(path), "%s/fixtures/spec-changes/base.xml", pvabi_test_srcdir());
	text = fx_read(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	copy = malloc(len + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	for (i = 0; i < len; i++) {
		if (text[i] != '\n' || i + 1 == len)
			continue;
		s = load_text(text, i + 1, &d);
		CU_ASSERT_PTR_NULL(s);
		CU_ASSERT(d.n >= 1);
		pvabi_spec_free(s);
		pvabi_diag_free(&d);
		cut++;
	}
	CU_ASSERT(cut > 50);
	for (i = 0; i < 200; i++) {
		seed = seed * 1103515245u + 12345u;
		memcpy(copy, text, len);
		copy[(seed >> 8) % len] = bytes[(seed >> 20) % (sizeof(bytes) - 1)];
		s = load_text(copy, len, &d);
		CU_ASSERT(s != NULL || d.n >= 1);
		pvabi_spec_free(s);
		pvabi_diag_free(&d);
	}
	free(copy);
	free(text);
}

/* Refused numbers are quoted as written: never "id -1" for a huge id,
 * never a wrapped or sign-extended value. */
static void test_values_as_written(void)
{
	static const struct {
		const char *dir, *shown;
	} cases[] = {
		{ "BAD_NUMBER/op-id-wide", "id 18446744073709551615 outside" },
		{ "FEATURE_BIT_RANGE/wide", "bit 0xffffffffffffffff outside" },
		{ "ERROR_NOT_NEGATIVE/u64-pattern", "ENOSYS = 0xffffffffffffffff" },
		{ "ENUM_VALUE_RANGE/negative-unsigned", "= -1 does not fit its type u32 (0..4294967295)" },
		{ "ENUM_VALUE_RANGE/u64-pattern-signed",
		  "(-9223372036854775808..9223372036854775807)" },
		{ "BAD_DEFAULT/range", "default 4294967296 of arg 'flags'" },
		{ "FORMAT_TOO_NEW/huge", "format 99999999999999999999 is newer" },
		{ "REVISION_RANGE", "revision 1.70000:" },
	};
	struct pvabi_diags d = { 0 };
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(path, sizeof(path), "%s/" INVALID "/%s/spec.xml", pvabi_test_srcdir(),
			 cases[i].dir);
		CU_ASSERT_PTR_NULL(pvabi_spec_load(path, &d));
		CU_ASSERT_FATAL(d.n >= 1);
		if (!strstr(d.v[0].msg, cases[i].shown))
			FX_FAIL("%s: message '%s' lacks '%s'", cases[i].dir, d.v[0].msg,
				cases[i].shown);
		pvabi_diag_free(&d);
	}
}

/* Schema refusals name the element, the attribute, the value and the
 * rule, not the validator's "failed to validate attributes". */
static void test_schema_in_user_terms(void)
{
	static const struct {
		const char *file, *shown;
	} cases[] = {
		{ "long-name/spec.xml", "name=\"write_xxx" },
		{ "long-name/spec.xml", "(70 characters) is not an identifier" },
		{ "bad-choice/spec.xml", "kind=\"frame-call\" is not one of: call-frame" },
		{ "bad-guest-type/spec.xml", "guests=\"pv hvm\" is not a space-separated list of: pv pvh" },
		{ "bad-c-name/spec.xml", "c-name=\"MINI2 EXTRA\" is not a C identifier: letters" },
		{ "unknown-attribute/spec.xml", "attribute colour is not allowed on <op>" },
		{ "missing-attribute/spec.xml", "<op name=\"write\">: required attribute id is missing" },
		{ "bad-number/spec.xml", "id=\"seven\" is not a number" },
		{ "bad-revision-id/spec.xml", "is not a revision id" },
		{ "unknown-element/spec.xml", "<flags> is not allowed inside <op name=\"write\">" },
		{ "registry-date/registry.xml", "date=\"2026-02-30\" is not a real date" },
		{ "registry/registry.xml", "fingerprint=\"md5:abc\" is not sha256:" },
		{ "empty-enum/spec.xml", "<enum name=\"reason\"> needs at least one <value>" },
		{ "short-justification/spec.xml", "justification says why, in at least 10 characters" },
		{ "registry-no-window/registry.xml", "has no <support-window>: it comes first" },
	};
	struct pvabi_diags d = { 0 };
	char path[4096];
	size_t i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(path, sizeof(path), "%s/" INVALID "/SCHEMA_INVALID/%s", pvabi_test_srcdir(),
			 cases[i].file);
		if (strstr(path, "registry.xml")) {
			CU_ASSERT_PTR_NULL(pvabi_registry_load(path, &d));
		} else {
			CU_ASSERT_PTR_NULL(pvabi_spec_load(path, &d));
		}
		CU_ASSERT_FATAL(d.n >= 1);
		if (!strstr(d.v[0].msg, cases[i].shown))
			FX_FAIL("%s: message '%s' lacks '%s'", cases[i].file, d.v[0].msg,
				cases[i].shown);
		for (j = 0; j < d.n; j++)
			if (strstr(d.v[j].msg, "failed to validate") || d.v[j].line == 0)
				FX_FAIL("%s: engine wording or no line: '%s'", cases[i].file,
					d.v[j].msg);
		pvabi_diag_free(&d);
	}
}

/* The explainer's table knows every attribute the schemas define. */
static void test_schema_table_complete(void)
{
	static const char *const schemas[] = {
		"spec/schema/pvabi-spec.rng", "spec/schema/abi-versions.rng", NULL,
	};
	size_t i, seen = 0;
	char *text, *p, name[64];

	for (i = 0; schemas[i]; i++) {
		text = fx_read(pvabi_test_path(pvabi_test_srcdir(), schemas[i]), NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		for (p = text; (p = strstr(p, "<attribute name=\"")); p++) {
			if (sscanf(p + 17, "%63[^\"]", name) != 1)
				continue;
			seen++;
			if (!pvabi_schema_attr_known(NULL, name))
				FX_FAIL("%s: attribute %s has no entry in abi/schema_msg.c",
					schemas[i], name);
		}
		free(text);
	}
	CU_ASSERT(seen > 40);
}

static const struct pvabi_test_case fixed[] = {
	{ "schema_in_user_terms", test_schema_in_user_terms },
	{ "schema_table_complete", test_schema_table_complete },
	{ "values_as_written", test_values_as_written },
	{ "missing_file", test_missing_file },
	{ "directory", test_directory },
	{ "too_large", test_too_large },
	{ "shared_diags", test_shared_diags },
	{ "truncations_and_mutations", test_truncations_and_mutations },
	{ NULL, NULL },
};

struct pvabi_test_case *invalid_cases_build(void)
{
	char root[4096], **cases = NULL;
	struct pvabi_test_case *v;
	size_t n, i, k = 0, nf = sizeof(fixed) / sizeof(fixed[0]) - 1;

	snprintf(root, sizeof(root), "%s/" INVALID, pvabi_test_srcdir());
	n = fx_find_cases(root, "expect", NULL, &cases);
	v = calloc(n + nf + 1, sizeof(*v));
	if (!v) {
		fx_free_list(cases, n);
		return NULL;
	}
	for (i = 0; i < nf; i++, k++) {
		v[k].name = strdup(fixed[i].name);
		v[k].fn = fixed[i].fn;
	}
	for (i = 0; i < n; i++, k++) {
		v[k].name = cases[i];
		v[k].fn = run_case;
	}
	free(cases);
	return v;
}
