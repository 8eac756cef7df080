/* The model: struct layout per revision (nested structs, arrays, fields
 * that come and go), lifetimes and revision views, feature masks, and
 * what the loader records for ops and args. Layouts are also checked
 * against the C compiler's own layout of the same structs. */
#include "abi/load.h"
#include "abi/model.h"
#include "abi/vector.h"
#include "abi/tests/spec_tests.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char model_xml[] =
	"<?xml version=\"1.0\"?>\n"
	"<abi name=\"model\" format=\"1\" default-convention=\"frame\">\n"
	"  <revisions><revision id=\"1.0\"/><revision id=\"1.1\"/><revision id=\"2.0\"/></revisions>\n"
	"  <conventions><convention name=\"frame\" kind=\"call-frame\" port=\"0x2f8\"/></conventions>\n"
	"  <errors><error name=\"EINVAL\" value=\"-22\" since=\"1.0\"/></errors>\n"
	"  <enum name=\"small\" type=\"u8\" since=\"1.0\"><value name=\"a\" value=\"0\"/>\n"
	"    <value name=\"b\" value=\"1\" since=\"1.1\" deprecated=\"2.0\"/></enum>\n"
	"  <feature name=\"f0\" bit=\"0\" since=\"1.0\"/>\n"
	"  <feature name=\"f5\" bit=\"5\" since=\"1.1\"/>\n"
	"  <feature name=\"f63\" bit=\"63\" since=\"1.0\" deprecated=\"1.1\" removed=\"2.0\"/>\n"
	"  <struct name=\"inner\" since=\"1.0\">\n"
	"    <field name=\"x\" type=\"u8\"/>\n"
	"    <field name=\"y\" type=\"u16\"/>\n"
	"    <field name=\"z\" type=\"u64\" since=\"1.1\"/>\n"
	"  </struct>\n"
	"  <struct name=\"outer\" since=\"1.0\">\n"
	"    <field name=\"tag\" type=\"small\"/>\n"
	"    <field name=\"arr\" type=\"u16\" count=\"3\"/>\n"
	"    <field name=\"in\" type=\"inner\"/>\n"
	"    <field name=\"two\" type=\"inner\" count=\"2\"/>\n"
	"    <field name=\"last\" type=\"u32\"/>\n"
	"    <field name=\"gone\" type=\"u8\" removed=\"2.0\"/>\n"
	"  </struct>\n"
	"  <struct name=\"late\" since=\"1.1\" size-guarded=\"true\">\n"
	"    <field name=\"size\" type=\"u32\"/>\n"
	"    <field name=\"v\" type=\"s64\"/>\n"
	"  </struct>\n"
	"  <op name=\"write\" id=\"7\" since=\"1.0\" deprecated=\"1.1\" removed=\"2.0\" feature=\"f0\">\n"
	"    <arg name=\"len\" type=\"u32\"/>\n"
	"    <arg name=\"buf\" type=\"u8\" pass=\"in\" count-arg=\"len\"/>\n"
	"    <arg name=\"mode\" type=\"small\" since=\"1.1\" default=\"1\"/>\n"
	"    <arg name=\"st\" type=\"outer\" pass=\"inout\"/>\n"
	"    <ret type=\"s32\"/>\n"
	"    <raises error=\"EINVAL\"/>\n"
	"  </op>\n"
	"  <op name=\"poke\" id=\"0x10\" since=\"2.0\"/>\n"
	"</abi>\n";

static struct pvabi_spec *spec;

static int setup(void)
{
	struct pvabi_diags d = { 0 };

	spec = pvabi_spec_load_mem(model_xml, sizeof(model_xml) - 1, "model.xml", &d);
	if (!spec)
		pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	return spec ? 0 : -1;
}

static int teardown(void)
{
	pvabi_spec_free(spec);
	spec = NULL;
	return 0;
}

/* The same structs as C sees them in revisions 1.0 and 1.1. */
struct c_inner10 { uint8_t x; uint16_t y; };
struct c_inner11 { uint8_t x; uint16_t y; uint64_t z; };
struct c_outer10 {
	uint8_t tag; uint16_t arr[3]; struct c_inner10 in; struct c_inner10 two[2];
	uint32_t last; uint8_t gone;
};
struct c_outer11 {
	uint8_t tag; uint16_t arr[3]; struct c_inner11 in; struct c_inner11 two[2];
	uint32_t last; uint8_t gone;
};
struct c_outer20 {
	uint8_t tag; uint16_t arr[3]; struct c_inner11 in; struct c_inner11 two[2];
	uint32_t last;
};

static void check_layout(int rev, const long *want, size_t nwant, size_t size,
			 size_t align)
{
	int si = pvabi_spec_struct(spec, "outer");
	long off[6];
	size_t al = 0, i;

	CU_ASSERT_EQUAL_FATAL(spec->structs[si].nfields, nwant);
	CU_ASSERT_EQUAL(pvabi_struct_layout(spec, si, rev, off, &al), size);
	CU_ASSERT_EQUAL(al, align);
	for (i = 0; i < nwant; i++) {
		if (off[i] != want[i])
			printf("\n  outer field %zu in revision %d: offset %ld, want %ld\n", i,
			       rev, off[i], want[i]);
		CU_ASSERT_EQUAL(off[i], want[i]);
	}
}

static void test_layout_per_revision(void)
{
	const long o10[] = {
		offsetof(struct c_outer10, tag), offsetof(struct c_outer10, arr),
		offsetof(struct c_outer10, in), offsetof(struct c_outer10, two),
		offsetof(struct c_outer10, last), offsetof(struct c_outer10, gone),
	};
	const long o11[] = {
		offsetof(struct c_outer11, tag), offsetof(struct c_outer11, arr),
		offsetof(struct c_outer11, in), offsetof(struct c_outer11, two),
		offsetof(struct c_outer11, last), offsetof(struct c_outer11, gone),
	};
	const long o20[] = {
		offsetof(struct c_outer20, tag), offsetof(struct c_outer20, arr),
		offsetof(struct c_outer20, in), offsetof(struct c_outer20, two),
		offsetof(struct c_outer20, last), PVABI_NONE,
	};
	/* The numbers the C compiler must agree with, written out. */
	const long w10[] = { 0, 2, 8, 12, 20, 24 }, w11[] = { 0, 2, 8, 24, 56, 60 };

	CU_ASSERT(memcmp(o10, w10, sizeof(w10)) == 0);
	CU_ASSERT(memcmp(o11, w11, sizeof(w11)) == 0);
	check_layout(0, o10, 6, sizeof(struct c_outer10), _Alignof(struct c_outer10));
	check_layout(1, o11, 6, sizeof(struct c_outer11), _Alignof(struct c_outer11));
	check_layout(2, o20, 6, sizeof(struct c_outer20), _Alignof(struct c_outer20));
	CU_ASSERT_EQUAL(sizeof(struct c_outer10), 28);
	CU_ASSERT_EQUAL(sizeof(struct c_outer11), 64);
}

static void test_nested_sizes(void)
{
	int in = pvabi_spec_struct(spec, "inner"), late = pvabi_spec_struct(spec, "late");
	struct pvabi_type t = { PVABI_T_STRUCT, PVABI_U64, in, "inner" };
	long off[3];
	size_t al;

	CU_ASSERT_EQUAL(pvabi_struct_layout(spec, in, 0, off, &al), sizeof(struct c_inner10));
	CU_ASSERT_EQUAL(al, 2);
	CU_ASSERT_EQUAL(off[2], PVABI_NONE);
	CU_ASSERT_EQUAL(pvabi_struct_layout(spec, in, 1, off, &al), sizeof(struct c_inner11));
	CU_ASSERT_EQUAL(al, 8);
	CU_ASSERT_EQUAL(off[2], (long)offsetof(struct c_inner11, z));
	CU_ASSERT_EQUAL(pvabi_type_size(spec, &t, 0, &al), 4);
	CU_ASSERT_EQUAL(pvabi_type_size(spec, &t, 1, &al), 16);
	CU_ASSERT_EQUAL(al, 8);
	/* A struct that does not exist yet has no size; NULL offsets are fine. */
	CU_ASSERT_EQUAL(pvabi_struct_layout(spec, late, 0, NULL, &al), 0);
	CU_ASSERT_EQUAL(pvabi_struct_layout(spec, late, 1, NULL, NULL), 16);
	CU_ASSERT(spec->structs[late].size_guarded);
	CU_ASSERT_STRING_EQUAL(spec->structs[late].size_field, "size");
}

static void test_primitives(void)
{
	static const struct { const char *n; unsigned int size; int sign; } p[] = {
		{ "u8", 1, 0 }, { "u16", 2, 0 }, { "u32", 4, 0 }, { "u64", 8, 0 },
		{ "s8", 1, 1 }, { "s16", 2, 1 }, { "s32", 4, 1 }, { "s64", 8, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		int k = pvabi_prim_parse(p[i].n);

		CU_ASSERT_FATAL(k >= 0);
		CU_ASSERT_EQUAL(pvabi_prim_size((enum pvabi_prim)k), p[i].size);
		CU_ASSERT_EQUAL(pvabi_prim_signed((enum pvabi_prim)k), p[i].sign);
		CU_ASSERT_STRING_EQUAL(pvabi_prim_name((enum pvabi_prim)k), p[i].n);
	}
	CU_ASSERT_EQUAL(pvabi_prim_parse("u128"), -1);
	CU_ASSERT_EQUAL(pvabi_prim_parse("U8"), -1);
	CU_ASSERT_EQUAL(spec->enums[pvabi_spec_enum(spec, "small")].prim, PVABI_U8);
}

static void test_revisions(void)
{
	CU_ASSERT_EQUAL(spec->nrevs, 3);
	CU_ASSERT_EQUAL(pvabi_spec_rev(spec, "1.0"), 0);
	CU_ASSERT_EQUAL(pvabi_spec_rev(spec, "2.0"), 2);
	CU_ASSERT_EQUAL(pvabi_spec_rev(spec, "1.2"), PVABI_NONE);
	CU_ASSERT_EQUAL(pvabi_rev_code(&spec->revs[1]), 0x00010001u);
	CU_ASSERT_EQUAL(pvabi_rev_code(&spec->revs[2]), 0x00020000u);
	CU_ASSERT_EQUAL(spec->revs[2].major, 2);
	CU_ASSERT_EQUAL(spec->revs[2].loc.line, 3);
}

/* since/deprecated/removed as revision indices, members defaulting to
 * their parent's since, and the view predicates over them. */
static void test_lifetimes_and_views(void)
{
	const struct pvabi_op *w = &spec->ops[pvabi_spec_op(spec, "write")];
	const struct pvabi_op *poke = &spec->ops[pvabi_spec_op(spec, "poke")];
	const struct pvabi_enum *e = &spec->enums[pvabi_spec_enum(spec, "small")];
	const struct pvabi_struct *late = &spec->structs[pvabi_spec_struct(spec, "late")];

	CU_ASSERT(w->life.since == 0 && w->life.deprecated == 1 && w->life.removed == 2);
	CU_ASSERT(pvabi_life_has(&w->life, 0) && pvabi_life_has(&w->life, 1));
	CU_ASSERT(!pvabi_life_has(&w->life, 2));
	CU_ASSERT(!pvabi_life_deprecated(&w->life, 0));
	CU_ASSERT(pvabi_life_deprecated(&w->life, 1) && pvabi_life_deprecated(&w->life, 2));
	CU_ASSERT(!pvabi_life_has(&poke->life, 1) && pvabi_life_has(&poke->life, 2));
	CU_ASSERT_EQUAL(poke->life.removed, PVABI_NONE);
	CU_ASSERT_EQUAL(poke->life.deprecated, PVABI_NONE);
	/* members inherit since, not deprecated/removed */
	CU_ASSERT_EQUAL(w->args[0].life.since, 0);
	CU_ASSERT_EQUAL(w->args[0].life.removed, PVABI_NONE);
	CU_ASSERT_EQUAL(w->args[2].life.since, 1);
	CU_ASSERT_EQUAL(late->fields[1].life.since, 1);
	CU_ASSERT(pvabi_life_has(&e->values[1].life, 2) &&
		  pvabi_life_deprecated(&e->values[1].life, 2));
	CU_ASSERT(!pvabi_life_has(&e->values[1].life, 0));
}

static void test_feature_masks(void)
{
	const struct pvabi_feature *f63 = &spec->features[pvabi_spec_feature(spec, "f63")];

	CU_ASSERT_EQUAL(pvabi_spec_feature_mask(spec, 0), 0x8000000000000001ull);
	CU_ASSERT_EQUAL(pvabi_spec_feature_mask(spec, 1), 0x8000000000000021ull);
	CU_ASSERT_EQUAL(pvabi_spec_feature_mask(spec, 2), 0x21ull);
	CU_ASSERT_EQUAL(f63->bit, 63);
	CU_ASSERT_EQUAL(pvabi_spec_feature(spec, "f1"), PVABI_NONE);
}

static void test_ops_and_args(void)
{
	const struct pvabi_op *w = &spec->ops[pvabi_spec_op(spec, "write")];
	const struct pvabi_op *poke = &spec->ops[pvabi_spec_op(spec, "poke")];

	CU_ASSERT_EQUAL(w->id, 7);
	CU_ASSERT_EQUAL(poke->id, 16);
	CU_ASSERT_EQUAL(w->feature, pvabi_spec_feature(spec, "f0"));
	CU_ASSERT_EQUAL(poke->feature, PVABI_NONE);
	CU_ASSERT_EQUAL(w->conv, 0);
	CU_ASSERT(!w->ret_void && w->ret.prim == PVABI_S32);
	CU_ASSERT(poke->ret_void);
	CU_ASSERT_EQUAL_FATAL(w->nargs, 4);
	CU_ASSERT_EQUAL(w->args[0].dir, PVABI_BY_VALUE);
	CU_ASSERT_EQUAL(w->args[1].dir, PVABI_PTR_IN);
	CU_ASSERT_EQUAL(w->args[1].count_arg, 0);
	CU_ASSERT_EQUAL(w->args[0].count_arg, PVABI_NONE);
	CU_ASSERT(w->args[2].has_default && w->args[2].default_value == 1);
	CU_ASSERT_EQUAL(w->args[2].type.kind, PVABI_T_ENUM);
	CU_ASSERT_EQUAL(w->args[2].type.prim, PVABI_U8);
	CU_ASSERT_EQUAL(w->args[3].dir, PVABI_PTR_INOUT);
	CU_ASSERT_EQUAL(w->args[3].type.kind, PVABI_T_STRUCT);
	CU_ASSERT_EQUAL(w->args[3].type.index, pvabi_spec_struct(spec, "outer"));
	CU_ASSERT_EQUAL_FATAL(w->nerrors, 1);
	CU_ASSERT_STRING_EQUAL(spec->errors[w->errors[0]].name, "EINVAL");
	CU_ASSERT_EQUAL(spec->errors[0].value, -22);
	CU_ASSERT_EQUAL(w->loc.line, 28);
	CU_ASSERT_STRING_EQUAL(w->loc.file, "model.xml");
}

/* What base.xml, the spec every change case starts from, looks like. */
static void test_base_fixture(void)
{
	struct pvabi_diags d = { 0 };
	char path[4096];
	struct pvabi_spec *s;
	int info;
	long off[4];
	size_t al;

	snprintf(path, sizeof(path), "%s/fixtures/spec-changes/base.xml", pvabi_test_srcdir());
	s = pvabi_spec_load(path, &d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	info = pvabi_spec_struct(s, "info");
	CU_ASSERT_EQUAL(pvabi_struct_layout(s, info, 1, off, &al), 16);
	CU_ASSERT_EQUAL(off[3], PVABI_NONE);
	CU_ASSERT_EQUAL(pvabi_struct_layout(s, info, 2, off, &al), 24);
	CU_ASSERT_EQUAL(off[3], 16);
	CU_ASSERT_EQUAL(pvabi_spec_feature_mask(s, 0), 1);
	CU_ASSERT_EQUAL(pvabi_spec_feature_mask(s, 1), 3);
	CU_ASSERT_EQUAL(s->ops[pvabi_spec_op(s, "old_write")].replaced_by, pvabi_spec_op(s, "write"));
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
}

/* Vector values that follow the revision they run in: "sizeof" is the
 * struct's size there, "revision" its code. */
static void test_vector_revision_values(void)
{
	struct pvabi_vector size_v = { "", "ret=0 out.size=sizeof out.flags>=revision", { 0, -1, -1, 1 },
				       NULL, { NULL, 0 } };
	struct pvabi_vector ret_v = { "deadline=0", "ret=revision", { 0, -1, -1, 1 }, NULL, { NULL, 0 } };
	struct pvabi_diags d = { 0 };
	struct pvabi_vec v;
	struct pvabi_spec *s;
	char path[4096], err[256];

	snprintf(path, sizeof(path), "%s/fixtures/spec-changes/base.xml", pvabi_test_srcdir());
	s = pvabi_spec_load(path, &d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(pvabi_vec_resolve(s, &s->ops[pvabi_spec_op(s, "get_info")], &size_v, 1,
						&v, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(v.checks[0].value, 16);
	CU_ASSERT_EQUAL(v.checks[1].value, 0x10001);
	CU_ASSERT_EQUAL(v.checks[1].cmp, PVABI_CMP_GE);
	CU_ASSERT_EQUAL_FATAL(pvabi_vec_resolve(s, &s->ops[pvabi_spec_op(s, "get_info")], &size_v, 2,
						&v, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(v.checks[0].value, 24);
	CU_ASSERT_EQUAL_FATAL(pvabi_vec_resolve(s, &s->ops[pvabi_spec_op(s, "set_timer")], &ret_v, 2,
						&v, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(v.ret, 0x10002);
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
}

static void test_model_suite_setup(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
}

static void run_with(void (*fn)(void))
{
	if (setup()) {
		CU_FAIL("the model spec does not load");
		return;
	}
	fn();
	teardown();
}

#define WRAP(f) static void f##_w(void) { run_with(f); }
WRAP(test_model_suite_setup)
WRAP(test_layout_per_revision)
WRAP(test_nested_sizes)
WRAP(test_primitives)
WRAP(test_revisions)
WRAP(test_lifetimes_and_views)
WRAP(test_feature_masks)
WRAP(test_ops_and_args)

const struct pvabi_test_case model_cases[] = {
	{ "loads", test_model_suite_setup_w },
	{ "layout_per_revision", test_layout_per_revision_w },
	{ "nested_sizes", test_nested_sizes_w },
	{ "primitives", test_primitives_w },
	{ "revisions", test_revisions_w },
	{ "lifetimes_and_views", test_lifetimes_and_views_w },
	{ "feature_masks", test_feature_masks_w },
	{ "ops_and_args", test_ops_and_args_w },
	{ "base_fixture", test_base_fixture },
	{ "vector_revision_values", test_vector_revision_values },
	{ NULL, NULL },
};
