/* The checker's output on a mid-size synthetic spec (synth_spec.c) and
 * its registry, byte for byte against fixtures/spec-changes/golden/:
 * lookups, duplicate checks and sorting were restructured for scale, and
 * neither the findings nor their order may change. The text outputs are
 * kept whole; the --json outputs, which add every compatible finding, as
 * their sha256 and length (synth-json.sha256). The program runs in a
 * directory of the build tree with relative names, so the output is the
 * same on every machine.
 *
 * After an intended change of the output, run this suite with
 * PVABI_UPDATE_GOLDEN=1 to rewrite the golden files, and review them. */
#include "abi/canon.h"
#include "abi/load.h"
#include "abi/sha256.h"
#include "abi/tests/spec_tests.h"
#include "abi/tests/synth_spec.h"
#include "tests/fixtures.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GOLDEN "fixtures/spec-changes/golden/"
#define OUT_CAP (16u << 20)

static char dir[PATH_MAX + 64], bin[PATH_MAX];

static const char *in_dir(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", dir, name);
	return buf;
}

/* Released 1.0..1.5 with real fingerprints except 1.3, which records
 * 1.2's: one RELEASED_REVISION_MODIFIED with a computed fingerprint. */
static int write_registry(void)
{
	struct pvabi_diags d = { 0 };
	char path[4200], fp[PVABI_FINGERPRINT_LEN];
	struct pvabi_spec *s = pvabi_spec_load(in_dir("synth.xml", path, sizeof(path)), &d);
	FILE *f;
	int r;

	if (!s) {
		pvabi_diag_print(&d, stdout);
		pvabi_diag_free(&d);
		return -1;
	}
	f = fopen(in_dir("registry.xml", path, sizeof(path)), "w");
	if (f) {
		fprintf(f, "<abi-versions abi=\"synth\" format=\"1\">\n  <support-window from=\"1.0\" to=\"1.6\"/>\n");
		for (r = 0; r < 6; r++) {
			pvabi_fingerprint(s, r == 3 ? 2 : r, fp, sizeof(fp));
			fprintf(f, "  <revision id=\"1.%d\" status=\"released\" fingerprint=\"%s\"/>\n", r, fp);
		}
		fprintf(f, "  <revision id=\"1.6\" status=\"draft\"/>\n</abi-versions>\n");
	}
	pvabi_spec_free(s);
	return f && fclose(f) == 0 ? 0 : -1;
}

static int setup(void)
{
	char path[4200];

	/* absolute: the program runs from the spec's directory */
	if (!realpath(pvabi_test_builddir(), bin))
		return -1;
	snprintf(dir, sizeof(dir), "%s/tests/synth-golden", bin);
	if (mkdir(dir, 0777) && errno != EEXIST)
		return -1;
	if (synth_spec_write(in_dir("synth.xml", path, sizeof(path)), 0) ||
	    synth_spec_write(in_dir("new.xml", path, sizeof(path)), 1))
		return -1;
	return write_registry();
}

static int run(const char *args, char *out, size_t *len)
{
	char cmd[8400];

	snprintf(cmd, sizeof(cmd), "cd '%s' && '%s/pvabi' %s 2>&1", dir, bin, args);
	return fx_run(cmd, out, OUT_CAP, len);
}

static int update_mode(void)
{
	const char *u = getenv("PVABI_UPDATE_GOLDEN");

	return u && !strcmp(u, "1");
}

static void compare(const char *file, const char *args, const char *out, size_t len)
{
	char path[4096], *want;
	size_t wlen = 0, i;

	snprintf(path, sizeof(path), "%s/" GOLDEN "%s", pvabi_test_srcdir(), file);
	if (update_mode()) {
		FILE *f = fopen(path, "wb");

		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		CU_ASSERT_EQUAL(fwrite(out, 1, len, f), len);
		CU_ASSERT_EQUAL(fclose(f), 0);
		printf("\n  rewrote %s\n", path);
		return;
	}
	want = fx_read(path, &wlen);
	if (!want) {
		FX_FAIL("golden %s: cannot read it", file);
		return;
	}
	for (i = 0; i < len && i < wlen && out[i] == want[i]; i++)
		;
	if (wlen != len || i < len)
		FX_FAIL("golden %s: pvabi %s differs at byte %zu (%zu bytes, want %zu)", file, args,
			i, len, wlen);
	free(want);
}

/* The synthetic spec has few vectors, so check reports thousands of
 * unchecked outputs (their own suite tests them): the golden keeps the
 * history's findings and only the number of those lines. */
static size_t drop_unchecked(char *out, size_t len, size_t cap)
{
	char *r = out, *w = out, *end = out + len, *nl;
	size_t n = 0;

	for (; r < end; r = nl) {
		nl = memchr(r, '\n', (size_t)(end - r));
		nl = nl ? nl + 1 : end;
		if (memmem(r, (size_t)(nl - r), ": OUTPUT_UNCHECKED: ", 20)) {
			n++;
			continue;
		}
		memmove(w, r, (size_t)(nl - r));
		w += nl - r;
	}
	snprintf(w, cap - (size_t)(w - out), "(%zu OUTPUT_UNCHECKED lines)\n", n);
	return strlen(out);
}

/* One golden text output; want_exit is the documented exit status. */
static void golden_text(const char *file, const char *args, int want_exit)
{
	char *out = malloc(OUT_CAP);
	size_t len = 0;
	int rc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	rc = run(args, out, &len);
	if (rc != want_exit)
		FX_FAIL("pvabi %s exited %d, want %d", args, rc, want_exit);
	CU_ASSERT(len < OUT_CAP - 1);
	if (!strncmp(args, "check", 5))
		len = drop_unchecked(out, len, OUT_CAP);
	compare(file, args, out, len);
	free(out);
}

static void test_check_text(void)
{
	golden_text("synth-check.txt", "check --spec synth.xml --registry registry.xml", 1);
}

static void test_diff_text(void)
{
	golden_text("synth-diff.txt", "diff synth.xml new.xml", 1);
}

/* "sha256 length command" lines of the JSON outputs. */
static void test_json_digests(void)
{
	static const char *const cmds[] = {
		"check --json --spec synth.xml --registry registry.xml",
		"diff --json synth.xml new.xml",
		"check --json --spec new.xml --registry registry.xml",
	};
	char *out = malloc(OUT_CAP), lines[1024] = "", hex[65];
	uint8_t digest[32];
	size_t i, len = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		struct pvabi_sha256 h;

		run(cmds[i], out, &len);
		CU_ASSERT(len < OUT_CAP - 1);
		CU_ASSERT(!strncmp(out, "{\"findings\":[", 13));
		pvabi_sha256_init(&h);
		pvabi_sha256_update(&h, out, len);
		pvabi_sha256_final(&h, digest);
		pvabi_sha256_hex(digest, hex);
		snprintf(lines + strlen(lines), sizeof(lines) - strlen(lines), "%s %zu %s\n", hex,
			 len, cmds[i]);
	}
	compare("synth-json.sha256", "--json", lines, strlen(lines));
	free(out);
}

static void test_synth(void)
{
	if (setup()) {
		FX_FAIL("cannot write the synthetic spec under %s", dir);
		return;
	}
	test_check_text();
	test_diff_text();
	test_json_digests();
}

/* libxml2 keeps 16 bits of a line: a diagnostic past line 65535 must still
 * name the offending element's own line (it said 65535 before). */
static void test_line_past_65535(void)
{
	const size_t n = 90000, dup = 80000;
	size_t cap = n * 48 + 512, len = 0, i;
	char *buf = malloc(cap);
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	len += (size_t)snprintf(buf, cap, "<abi name=\"big\" format=\"1\">\n"
					   "<revisions><revision id=\"1.0\"/></revisions>\n"
					   "<enum name=\"e\" since=\"1.0\">\n");
	for (i = 0; i < n; i++) /* value i on line i + 4 */
		len += (size_t)snprintf(buf + len, cap - len, "<value name=\"v%zu\" value=\"%zu\"/>\n",
					i == dup ? (size_t)7 : i, i);
	len += (size_t)snprintf(buf + len, cap - len, "</enum>\n</abi>\n");
	CU_ASSERT_FATAL(len < cap);
	s = pvabi_spec_load_mem(buf, len, "big.xml", &d);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_EQUAL_FATAL(d.n, 1);
	CU_ASSERT_STRING_EQUAL(d.v[0].rule, "DUPLICATE_NAME");
	CU_ASSERT_EQUAL(d.v[0].line, (int)dup + 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(d.v[0].msg, "already defined at line 11"));
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
	free(buf);
}

/* The schema's patterns are checked outside the validator (xmlpattern.c):
 * each kind of patterned attribute still refuses a bad value, at its
 * element's line, and a good spec still loads. */
static void test_patterns(void)
{
	static const struct {
		const char *element; /* on line 4 */
		const char *bad;     /* in the message */
	} cases[] = {
		{ "<op name=\"Op\" id=\"1\" since=\"1.0\"/>", "name=\"Op\"" },
		{ "<op name=\"op\" id=\"0x\" since=\"1.0\"/>", "id=\"0x\"" },
		{ "<op name=\"op\" id=\"1\" since=\"1.0x\"/>", "since=\"1.0x\"" },
		{ "<op name=\"op\" id=\"1\" since=\"1.0\"><arg name=\"a\" type=\"u-8\"/></op>",
		  "type=\"u-8\"" },
		{ "<op name=\"op\" id=\"1\" since=\"1.0\"><raises error=\"einval\"/></op>",
		  "error=\"einval\"" },
		{ "<waiver rule=\"X_Y\" revision=\"1.0\" target=\"op\"><justification>0123456789</justification></waiver>",
		  "target=\"op\"" },
		{ "<op name=\"op\" id=\"1\" since=\"1.0\"/>", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pvabi_diags d = { 0 };
		char buf[1024];
		struct pvabi_spec *s;
		int n = snprintf(buf, sizeof(buf), "<abi name=\"p\" format=\"1\" default-convention=\"c\">\n"
					       "<revisions><revision id=\"1.0\"/></revisions>\n"
					       "<conventions><convention name=\"c\" kind=\"call-frame\"/></conventions>\n"
					       "%s\n</abi>\n", cases[i].element);

		s = pvabi_spec_load_mem(buf, (size_t)n, "p.xml", &d);
		if (!cases[i].bad) {
			CU_ASSERT_PTR_NOT_NULL(s);
		} else if (s || d.n < 1 || strcmp(d.v[0].rule, "SCHEMA_INVALID") || d.v[0].line != 4 ||
			   !strstr(d.v[0].msg, cases[i].bad)) {
			FX_FAIL("pattern case %zu: want SCHEMA_INVALID at line 4 naming %s, got %s:%d %s",
				i, cases[i].bad, d.n ? d.v[0].rule : "nothing", d.n ? d.v[0].line : 0,
				d.n ? d.v[0].msg : "");
		}
		pvabi_spec_free(s);
		pvabi_diag_free(&d);
	}
}

const struct pvabi_test_case synth_cases[] = {
	{ "patterns_checked", test_patterns },
	{ "synthetic_outputs_unchanged", test_synth },
	{ "line_past_65535", test_line_past_65535 },
	{ NULL, NULL },
};
