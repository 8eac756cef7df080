/* A mid-size synthetic spec for the checker's output tests: about 3,500
 * elements over seven revisions, with compatible changes of every kind
 * and, every few dozen items, a break of a different kind (removals,
 * reused numbers, inserted fields, a wrong fingerprint...). Variant 1 is a
 * later edit of variant 0 for `pvabi diff`: renumbered, renamed, retyped
 * and reordered members, and a new revision 1.7. Deterministic. */
#include "abi/tests/synth_spec.h"

#include <stdio.h>

#define NVALUES 1200
#define NFEATURES 40
#define NSTRUCTS 150
#define NWIDE 400
#define NOPS 1500
#define LAST 6 /* revision 1.6, the last of variant 0 */

static void enum_values(FILE *f, int variant)
{
	int i;

	fprintf(f, "<enum name=\"kind\" since=\"1.0\">\n");
	for (i = 0; i < NVALUES; i++) {
		int s = i % 7;
		long val = variant && i % 89 == 3 ? i + 100000L : i;

		fprintf(f, "<value name=\"%s%d\" value=\"%ld\" since=\"1.%d\"",
			variant && i % 97 == 11 ? "n" : "k", i, val, s);
		if (i % 101 == 5 && s + 1 <= LAST)
			fprintf(f, " removed=\"1.%d\"", s + 1);
		fprintf(f, "/>\n");
		if (i % 103 == 7)
			fprintf(f, "<value name=\"r%d\" value=\"%d\" since=\"1.%d\"/>\n", i, i, LAST);
	}
	fprintf(f, "</enum>\n");
}

static void features(FILE *f, int variant)
{
	int j;

	for (j = 0; j < NFEATURES; j++)
		fprintf(f, "<feature name=\"feat_%d\" bit=\"%d\" since=\"1.%d\"/>\n", j,
			variant && j % 13 == 4 ? (j + 20) % 64 : j, j % 7);
	fprintf(f, "<feature name=\"feat_dup\" bit=\"3\" since=\"1.5\"/>\n");
}

static void struct_fields(FILE *f, int i, int variant, int s)
{
	const char *b = variant && i % 17 == 5 ? "u32" : "u64";

	if (variant && i % 19 == 6)
		fprintf(f, "<field name=\"b\" type=\"%s\"/><field name=\"a\" type=\"u32\"/>", b);
	else
		fprintf(f, "<field name=\"a\" type=\"u32\"/><field name=\"b\" type=\"%s\"/>", b);
	if (i % 23 == 1)
		fprintf(f, "<field name=\"in\" type=\"st%d\"/>", i - 1);
	fprintf(f, "<field name=\"c\" type=\"u64\" since=\"1.%d\"/>", s + 1);
	if (i % 11 == 2 && s + 2 <= LAST)
		fprintf(f, "<field name=\"d\" type=\"u32\" since=\"1.%d\"/>", s + 2);
}

static void structs(FILE *f, int variant)
{
	int i;

	for (i = 0; i < NSTRUCTS; i++) {
		int s = i % 6, guarded = i % 3 != 0;

		fprintf(f, "<struct name=\"st%d\" since=\"1.%d\"%s>", i, s,
			guarded ? " size-guarded=\"true\"" : "");
		if (guarded)
			fprintf(f, "<field name=\"size\" type=\"u32\"/>");
		struct_fields(f, i, variant, s);
		fprintf(f, "</struct>\n");
	}
	fprintf(f, "<struct name=\"wide\" since=\"1.0\" size-guarded=\"true\">\n<field name=\"size\" type=\"u32\"/>\n");
	for (i = 1; i < (variant ? NWIDE - 5 : NWIDE); i++)
		fprintf(f, "<field name=\"f%d\" type=\"u64\" since=\"1.%d\"/>\n", i, i * 7 / NWIDE);
	fprintf(f, "</struct>\n");
}

static void op_attrs(FILE *f, int i, int s)
{
	fprintf(f, "<op name=\"op_%d\" id=\"%d\" since=\"1.%d\"", i, i % 29 == 4 ? i : i + 1, s);
	if (i % 50 == 7 && s + 2 <= LAST)
		fprintf(f, " deprecated=\"1.%d\" removed=\"1.%d\"", s + 1, s + 2);
	else if (i % 71 == 9 && s + 1 <= LAST)
		fprintf(f, " removed=\"1.%d\"", s + 1);
	if (i % 13 == 0)
		fprintf(f, " feature=\"feat_%d\"", s + 7 * ((i / 7) % 5));
	fprintf(f, ">");
}

static void op(FILE *f, int i, int variant)
{
	int s = i % 7, changed = variant && (i % 37 == 8 || i % 41 == 9);
	const char *k = variant && i % 37 == 8 ? "u64" : "kind";

	if (variant && i % 43 == 10)
		return;
	op_attrs(f, i, s);
	if (variant && i % 41 == 9)
		fprintf(f, "<arg name=\"k\" type=\"%s\"/><arg name=\"a\" type=\"u64\"/>", k);
	else
		fprintf(f, "<arg name=\"a\" type=\"u64\"/><arg name=\"k\" type=\"%s\"/>", k);
	if (i % 3 == 0 && s + 1 <= LAST)
		fprintf(f, "<arg name=\"flags\" type=\"u32\" since=\"1.%d\" default=\"0\"/>", s + 1);
	fprintf(f, "<ret type=\"s64\"/><raises error=\"EINVAL\"/>");
	if (i % 10 == 0 && i % 3 != 0 && !changed)
		fprintf(f, "<vector args=\"a=1 k=k0\" expect=\"ret=0\"/>");
	fprintf(f, "</op>\n");
}

static void ops(FILE *f, int variant)
{
	int i;

	for (i = 0; i < NOPS; i++)
		op(f, i, variant);
	for (i = 0; variant && i < 20; i++)
		fprintf(f, "<op name=\"op_new_%d\" id=\"%d\" since=\"1.7\"/>\n", i, 100000 + i);
	fprintf(f, "<waiver rule=\"REMOVED_WITHOUT_DEPRECATION\" revision=\"1.3\" target=\"op:op_9\">"
		   "<justification>a waived break of the synthetic history</justification></waiver>\n"
		   "<waiver rule=\"OP_ID_CHANGED\" revision=\"1.2\" target=\"op:op_1\">"
		   "<justification>a waiver that matches nothing</justification></waiver>\n");
}

int synth_spec_write(const char *path, int variant)
{
	FILE *f = fopen(path, "w");
	int r;

	if (!f)
		return -1;
	fprintf(f, "<?xml version=\"1.0\"?>\n<abi name=\"synth\" format=\"1\" default-convention=\"frame\">\n<revisions>\n");
	for (r = 0; r <= LAST + !!variant; r++)
		fprintf(f, "<revision id=\"1.%d\"/>\n", r);
	fprintf(f, "</revisions>\n<conventions><convention name=\"frame\" kind=\"call-frame\" instruction=\"out\" port=\"0x2f8\"/></conventions>\n"
		   "<errors><error name=\"EINVAL\" value=\"-22\" since=\"1.0\"/></errors>\n");
	enum_values(f, variant);
	features(f, variant);
	structs(f, variant);
	ops(f, variant);
	fprintf(f, "</abi>\n");
	return fclose(f);
}
