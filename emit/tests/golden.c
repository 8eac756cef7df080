/* Golden files: the generator's output for the mini spec, byte for byte,
 * the sections of the Xen manual that say what each probe of a format 2
 * suite calls (at most one per scope; what a refused command writes),
 * per revision of spec/xen.xml, and those of the reference manual that
 * say which classes of derived check call each op, per revision of
 * spec/platform.xml. After an intended change,
 * refresh them with ci/update-golden (PVABI_UPDATE_GOLDEN=1 makes this
 * suite rewrite them) and review git diff. */
#include "abi/load.h"
#include "emit/emit_docs.h"
#include "emit/tests/gen_test.h"
#include "guest/rt/conformance.h"
#include "tests/fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int update_mode(void)
{
	const char *u = getenv("PVABI_UPDATE_GOLDEN");

	return u && !strcmp(u, "1");
}

/* x (a bytes, NULL: not generated, what says whence) against golden_rel. */
static void same_text(const char *x, size_t a, const char *what, const char *golden_rel)
{
	char gold[4096];
	size_t b = 0, i;
	char *y;
	FILE *f;

	snprintf(gold, sizeof(gold), "%s/fixtures/gen/golden/%s", pvabi_test_srcdir(), golden_rel);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	if (update_mode()) {
		f = fopen(gold, "wb");
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		CU_ASSERT_EQUAL(fwrite(x, 1, a, f), a);
		CU_ASSERT_EQUAL(fclose(f), 0);
		printf("\n  rewrote %s\n", gold);
		return;
	}
	y = fx_read(gold, &b);
	CU_ASSERT_PTR_NOT_NULL(y);
	if (y && (a != b || memcmp(x, y, a))) {
		for (i = 0; i < a && i < b && x[i] == y[i]; i++)
			;
		printf("\n  %s differs from %s at byte %zu (run ci/update-golden if intended)\n",
		       what, gold, i);
		CU_FAIL("generated output differs from its golden file");
	}
	free(y);
}

static void same(const char *gen_rel, const char *golden_rel)
{
	char gen[4096];
	size_t a = 0;
	char *x;

	snprintf(gen, sizeof(gen), "%s/gen/mini/%s", pvabi_test_builddir(), gen_rel);
	x = fx_read(gen, &a);
	same_text(x, a, gen, golden_rel);
	free(x);
}

static void test_guest(void)
{
	same("1.0/mini_guest.h", "1.0/mini_guest.h");
	same("1.1/mini_guest.h", "1.1/mini_guest.h");
	same("1.2/mini_guest.h", "1.2/mini_guest.h");
}

static void test_platform(void)
{
	same("platform/mini_platform.h", "platform/mini_platform.h");
	same("platform/mini_dispatch.c", "platform/mini_dispatch.c");
	same("platform/mini_state.c", "platform/mini_state.c");
	same("platform/mini_skeleton.c", "platform/mini_skeleton.c");
}

/* The manual's probe subsections, each under its op's name: the rest of
 * the manual changes with every description, these only when what the
 * suites call does. NULL-terminated. */
static const char *const probe_titles[] = {
	"\n#### At most one per scope\n",
	"\n#### What a refused command writes\n",
	NULL
};
/* The classes of derived check that call each op (emit_docs_classes.c) */
static const char *const class_titles[] = { "\n#### Derived checks\n", NULL };

/* Appends md's subsections titled one of titles to out (cap bytes,
 * NUL-terminated). */
static void probe_sections(const char *md, const char *const *titles, char *out, size_t cap)
{
	const char *op = NULL, *at = md, *name, *end;
	size_t len = strlen(out), i;

	while ((at = strstr(at, "\n#### "))) {
		for (i = 0; titles[i] && strncmp(at, titles[i], strlen(titles[i])); i++)
			;
		name = at;
		while (name > md && strncmp(name, "<a id=\"op-", 10))
			name--;
		if (!titles[i] || strncmp(name, "<a id=\"op-", 10)) {
			at++;
			continue;
		}
		end = strstr(at + 1, "\n#");
		if (!end || (strstr(at + 1, "\n<a id=") && strstr(at + 1, "\n<a id=") < end))
			end = strstr(at + 1, "\n<a id=");
		if (!end)
			end = at + strlen(at);
		if (name != op && len < cap)
			len += (size_t)snprintf(out + len, cap - len, "%s### %.*s\n", op ? "\n" : "",
						(int)strcspn(name + 10, "\""), name + 10);
		op = name;
		if (len < cap)
			len += (size_t)snprintf(out + len, cap - len, "%.*s", (int)(end - at), at);
		at = end;
	}
}

/* Each revision's manual of spec (abi), its subsections titled one of
 * titles against golden abi/REV-suffix.md. */
static void sections_of(const char *spec, const char *abi, const char *const *titles,
			const char *suffix)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load(pvabi_test_path(pvabi_test_srcdir(), spec), &d);
	size_t cap = 1 << 20, r;
	char *out = malloc(cap), rel[128];

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	for (r = 0; r < s->nrevs; r++) {
		char *md = manual_of(spec, abi, s->revs[r].id);

		CU_ASSERT_PTR_NOT_NULL(md);
		out[0] = '\0';
		if (md)
			probe_sections(md, titles, out, cap);
		CU_ASSERT(strlen(out) < cap - 1);
		snprintf(rel, sizeof(rel), "%s/%s-%s.md", abi, s->revs[r].id, suffix);
		same_text(md ? out : NULL, strlen(out), rel, rel);
		free(md);
	}
	free(out);
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
}

static void test_xen_probes(void)
{
	sections_of("spec/xen.xml", "xen", probe_titles, "probes");
}

/* The reference ABI's manual: which classes of derived check call each
 * op, per revision; a new class shows here op by op. */
static void test_pvp_classes(void)
{
	sections_of("spec/platform.xml", "pvp", class_titles, "classes");
}

/* The manual names each derived scenario class as the image's cost
 * lines do (both from PVABI_CSCEN_LIST): every derived origin has a
 * name of its own, the spec's own scenarios none. */
static void test_class_names(void)
{
	int i, j;

	CU_ASSERT_PTR_NULL(docs_class_name(PVABI_CSCEN_SPEC));
	for (i = PVABI_CSCEN_SPEC + 1; i < PVABI_CSCEN_ORIGINS; i++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(docs_class_name(i));
		CU_ASSERT(docs_class_name(i)[0] != '\0');
		for (j = PVABI_CSCEN_SPEC + 1; j < i; j++)
			CU_ASSERT(strcmp(docs_class_name(i), docs_class_name(j)) != 0);
	}
}

const struct pvabi_test_case golden_cases[] = {
	{ "guest", test_guest },
	{ "platform", test_platform },
	{ "xen_probes", test_xen_probes },
	{ "pvp_classes", test_pvp_classes },
	{ "class_names", test_class_names },
	{ NULL, NULL },
};
