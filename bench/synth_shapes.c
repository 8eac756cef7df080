/* Lean synthetic specs of one dominant shape each, for the scaling
 * benchmark: n items of one kind, spread over the revisions so that every
 * revision comparison has additions (and, in the history shapes,
 * deprecations and removals) to classify. Lean: a million items must stay
 * under the loader's input limit. */
#include "bench/synth.h"
#include "util/afile.h"

#include <stdio.h>
#include <string.h>

/* Revision of item i of n when items are spread evenly over nrevs. */
static int spread(long i, long n, int nrevs)
{
	return (int)(i * nrevs / n);
}

static void header(FILE *f, int nrevs)
{
	int i;

	fprintf(f, "<?xml version=\"1.0\"?>\n<abi name=\"synth\" format=\"1\" default-convention=\"frame\">\n<revisions>\n");
	for (i = 0; i < nrevs; i++)
		fprintf(f, "<revision id=\"1.%d\"/>\n", i);
	fprintf(f, "</revisions>\n<conventions><convention name=\"frame\" kind=\"call-frame\" instruction=\"out\" port=\"0x2f8\"/></conventions>\n"
		   "<errors><error name=\"EINVAL\" value=\"-22\" since=\"1.0\"/></errors>\n");
}

static void shape_enum(FILE *f, long n, int nrevs)
{
	long i;

	fprintf(f, "<enum name=\"big\" since=\"1.0\">\n");
	for (i = 0; i < n; i++)
		fprintf(f, "<value name=\"v%ld\" value=\"%ld\" since=\"1.%d\"/>\n", i, i,
			spread(i, n, nrevs));
	fprintf(f, "</enum>\n");
}

static void shape_ops(FILE *f, long n, int nrevs)
{
	long i;

	for (i = 0; i < n; i++)
		fprintf(f, "<op name=\"op_%ld\" id=\"%ld\" since=\"1.%d\"><arg name=\"a\" type=\"u64\"/></op>\n",
			i, i + 1, spread(i, n, nrevs));
}

/* n fields in n/4 size-guarded structs; every odd struct nests the even
 * one before it (which never grows: that would move the outer fields)
 * and grows by one field a revision after it appears. */
static void shape_structs(FILE *f, long n, int nrevs)
{
	long i, ns = n / 4 ? n / 4 : 1;

	for (i = 0; i < ns; i++) {
		int s = spread(i, ns, nrevs - 1);

		fprintf(f, "<struct name=\"st%ld\" since=\"1.%d\" size-guarded=\"true\">"
			   "<field name=\"size\" type=\"u32\"/><field name=\"a\" type=\"u32\"/>",
			i, s);
		if (i % 2)
			fprintf(f, "<field name=\"in\" type=\"st%ld\"/>"
				   "<field name=\"c\" type=\"u64\" since=\"1.%d\"/>", i - 1, s + 1);
		else
			fprintf(f, "<field name=\"b\" type=\"u64\"/><field name=\"c\" type=\"u64\"/>");
		fprintf(f, "</struct>\n");
	}
}

/* One size-guarded struct with n fields appended over the revisions. */
static void shape_wide(FILE *f, long n, int nrevs)
{
	long i;

	fprintf(f, "<struct name=\"wide\" since=\"1.0\" size-guarded=\"true\">\n<field name=\"size\" type=\"u32\"/>\n");
	for (i = 1; i < n; i++)
		fprintf(f, "<field name=\"f%ld\" type=\"u64\" since=\"1.%d\"/>\n", i,
			spread(i, n, nrevs));
	fprintf(f, "</struct>\n");
}

/* Every feature bit the mask has, and n ops gated by them. */
static void shape_features(FILE *f, long n, int nrevs)
{
	long i;

	for (i = 0; i < 64; i++)
		fprintf(f, "<feature name=\"feat_%ld\" bit=\"%ld\" since=\"1.%d\"/>\n", i, i,
			spread(i, 64, nrevs));
	for (i = 0; i < n; i++) {
		int s = spread(i, n, nrevs);

		fprintf(f, "<op name=\"op_%ld\" id=\"%ld\" since=\"1.%d\" feature=\"feat_%ld\"/>\n",
			i, i + 1, s, i % ((long)(s + 1) * 64 / nrevs));
	}
}

/* Ops added in every revision; every 50th deprecated in the next and
 * removed in the one after; every third gains a defaulted argument; every
 * tenth carries a conformance vector. */
static void history_op(FILE *f, long i, long n, int nrevs)
{
	int s = spread(i, n, nrevs);

	fprintf(f, "<op name=\"op_%ld\" id=\"%ld\" since=\"1.%d\"", i, i + 1, s);
	if (i % 50 == 7 && s + 2 < nrevs)
		fprintf(f, " deprecated=\"1.%d\" removed=\"1.%d\"", s + 1, s + 2);
	fprintf(f, "><arg name=\"a\" type=\"u64\"/><arg name=\"k\" type=\"kind\"/>");
	if (i % 5 == 0)
		fprintf(f, "<arg name=\"st\" type=\"rec\" pass=\"out\"/>");
	if (i % 3 == 0 && s + 1 < nrevs)
		fprintf(f, "<arg name=\"flags\" type=\"u32\" since=\"1.%d\" default=\"0\"/>", s + 1);
	fprintf(f, "<ret type=\"s64\"/><raises error=\"EINVAL\"/>");
	if (i % 10 == 0)
		fprintf(f, "<vector args=\"a=1 k=k0\" expect=\"ret&gt;=0\"/>");
	fprintf(f, "</op>\n");
}

static void shape_history(FILE *f, long n, int nrevs)
{
	long i;
	int r;

	fprintf(f, "<enum name=\"kind\" since=\"1.0\">\n");
	for (r = 0; r < nrevs; r++)
		fprintf(f, "<value name=\"k%d\" value=\"%d\" since=\"1.%d\"/>\n", r, r, r);
	fprintf(f, "</enum>\n<struct name=\"rec\" since=\"1.0\" size-guarded=\"true\"><field name=\"size\" type=\"u32\"/><field name=\"x\" type=\"u32\"/>\n");
	for (r = 1; r < nrevs; r++)
		fprintf(f, "<field name=\"f%d\" type=\"u64\" since=\"1.%d\"/>\n", r, r);
	fprintf(f, "</struct>\n");
	for (i = 0; i < n; i++)
		history_op(f, i, n, nrevs);
}

/* Many revisions, each op living through two or three of them (added,
 * deprecated, removed): any per-item walk over every revision shows. */
static void shape_revisions(FILE *f, long n, int nrevs)
{
	long i;

	for (i = 0; i < n; i++) {
		int s = spread(i, n, nrevs);

		fprintf(f, "<op name=\"op_%ld\" id=\"%ld\" since=\"1.%d\"", i, i + 1, s);
		if (s + 2 < nrevs)
			fprintf(f, " deprecated=\"1.%d\" removed=\"1.%d\"", s + 1, s + 2);
		fprintf(f, "><arg name=\"a\" type=\"u64\"/>");
		if (i % 3 == 0 && s + 1 < nrevs)
			fprintf(f, "<arg name=\"flags\" type=\"u32\" since=\"1.%d\" default=\"0\"/>",
				s + 1);
		if (i % 10 == 0)
			fprintf(f, "<vector args=\"a=1\" expect=\"ret=0\"/>");
		fprintf(f, "</op>\n");
	}
}

/* n ops each removed without deprecation a revision after it appears,
 * every removal accepted by its own waiver: n breaking findings against
 * n waivers (matched pairwise before, quadratic). */
static void shape_waivers(FILE *f, long n, int nrevs)
{
	long i;

	for (i = 0; i < n; i++) {
		int s = spread(i, n, nrevs - 1);

		fprintf(f, "<op name=\"op_%ld\" id=\"%ld\" since=\"1.%d\" removed=\"1.%d\">"
			   "<arg name=\"a\" type=\"u64\"/></op>\n", i, i + 1, s, s + 1);
	}
	for (i = 0; i < n; i++)
		fprintf(f, "<waiver rule=\"REMOVED_WITHOUT_DEPRECATION\" revision=\"1.%d\" "
			   "target=\"op:op_%ld\"><justification>accepted by the owners</justification></waiver>\n",
			spread(i, n, nrevs - 1) + 1, i);
}

/* n ops that fill a struct at the top of a diamond of 31 levels: each
 * struct holds one of each struct of the level below, so the deepest is
 * reached by 2^31 paths (a walk along paths, as the cycle check and the
 * layouts did before, never ends); 2 GiB at the top, under the limit. */
static void shape_diamond(FILE *f, long n, int nrevs)
{
	long i;
	int k;

	fprintf(f, "<struct name=\"l0a\" since=\"1.0\"><field name=\"x\" type=\"u8\"/></struct>\n"
		   "<struct name=\"l0b\" since=\"1.0\"><field name=\"x\" type=\"u8\"/></struct>\n");
	for (k = 1; k <= 31; k++)
		fprintf(f, "<struct name=\"l%da\" since=\"1.0\"><field name=\"p\" type=\"l%da\"/>"
			   "<field name=\"q\" type=\"l%db\"/></struct>\n"
			   "<struct name=\"l%db\" since=\"1.0\"><field name=\"p\" type=\"l%db\"/>"
			   "<field name=\"q\" type=\"l%da\"/></struct>\n",
			k, k - 1, k - 1, k, k - 1, k - 1);
	for (i = 0; i < n; i++)
		fprintf(f, "<op name=\"op_%ld\" id=\"%ld\" since=\"1.%d\">"
			   "<arg name=\"st\" type=\"l31a\" pass=\"out\"/></op>\n",
			i, i + 1, spread(i, n, nrevs));
}

static const struct synth_shape shapes[] = {
	{ "enum", "one enum with N values", 10, shape_enum },
	{ "ops", "N ops with one argument", 10, shape_ops },
	{ "structs", "N fields in N/4 size-guarded structs, half nested", 10, shape_structs },
	{ "wide", "one size-guarded struct with N fields", 10, shape_wide },
	{ "features", "64 feature bits gating N ops", 10, shape_features },
	{ "history", "N ops added, deprecated, removed and extended over 10 revisions", 10,
	  shape_history },
	{ "revisions", "N ops over 64 revisions, each added, deprecated and removed", 64,
	  shape_revisions },
	{ "waivers", "N ops removed without deprecation, each break waived", 10, shape_waivers },
	{ "diamond", "N ops filling the top struct of a diamond of 31 levels", 10,
	  shape_diamond },
};

const struct synth_shape *synth_shape_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		if (!strcmp(shapes[i].name, name))
			return &shapes[i];
	return NULL;
}

const struct synth_shape *synth_shape_at(size_t i)
{
	return i < sizeof(shapes) / sizeof(shapes[0]) ? &shapes[i] : NULL;
}

int synth_shape_write(const struct synth_shape *sh, const char *path, long n)
{
	struct pvabi_afile a;

	if (pvabi_afile_open(&a, path, NULL, 0))
		return -1;
	header(a.f, sh->nrevs);
	sh->gen(a.f, n, sh->nrevs);
	fprintf(a.f, "</abi>\n");
	return pvabi_afile_commit(&a, NULL, 0);
}
