/* The release workflow of the README, end to end, on a scratch copy of
 * the source tree (its tracked files): release any open draft, open the
 * next revision, add an op at the next free id with a handler started
 * from the generated skeleton, a feature bit with an op it gates, a
 * field appended to a size-guarded struct and an enum value; release
 * with --freeze, rebuild, and every frozen image, the new one included,
 * must pass against the new platform. No build file, list or vector is
 * edited along the way: the edits below are the spec and one new handler
 * file, nothing else. Then a breaking edit to the released revision:
 * check and gate are red naming the rule and the revision, and diff
 * against the spec as released names the element.
 *
 * The steps share the scratch tree and run in order; a failed step
 * stops the later ones (their asserts would only repeat the cause). */
#include "tests/fixtures.h"
#include "tests/harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256], src[4096], engine[16], draft[32], next[32], out[1 << 20];
static int broken; /* a step failed: later steps skip */
static unsigned op_id, bit;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Runs a shell command in the scratch tree (stderr into out too). */
static int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int k;

	/* make check's jobserver and its O= (a command-line variable make
	 * exports) are not ours: make, and pvabi release
	 * --freeze running make, start afresh */
	k = snprintf(cmd, sizeof(cmd), "unset MAKEFLAGS MFLAGS MAKELEVEL O; cd '%s' && { ", dir);
	va_start(ap, fmt);
	vsnprintf(cmd + k, sizeof(cmd) - (size_t)k, fmt, ap);
	va_end(ap);
	strncat(cmd, "; } 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	return fx_run(cmd, out, sizeof(out), NULL);
}

/* A step's command must exit with want; else the step and the rest fail. */
#define STEP(want, ...)                                                       \
	do {                                                                  \
		int rc_ = sh(__VA_ARGS__);                                    \
		if (rc_ != (want)) {                                          \
			printf("\n  step exited %d, want %d: %.3000s", rc_, (want), out); \
			broken = 1;                                           \
		}                                                             \
		CU_ASSERT_EQUAL_FATAL(rc_, (want));                           \
	} while (0)

#define MAKE "make -s -j2"

static int setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/pvabi-cycle-XXXXXX");
	if (!mkdtemp(dir) || !realpath(pvabi_test_srcdir(), src))
		return -1;
	if (access("/dev/kvm", R_OK | W_OK) == 0)
		snprintf(engine, sizeof(engine), "kvm");
	else if (system("command -v qemu-system-x86_64 >/dev/null 2>&1") == 0)
		snprintf(engine, sizeof(engine), "qemu-tcg");
	return 0;
}

static int teardown(void)
{
	return sh("cd / && rm -rf '%s'", dir) ? -1 : 0;
}

#define NEED()                                                                \
	do {                                                                  \
		if (broken)                                                   \
			PVABI_SKIP("an earlier step failed");                 \
		if (!engine[0])                                               \
			PVABI_SKIP("no engine here: neither /dev/kvm nor qemu-system-x86_64"); \
	} while (0)

/* The highest N of every `key="N"` after `from` (and before `to`). */
static unsigned max_attr(const char *text, const char *from, const char *to, const char *key)
{
	const char *p = from ? strstr(text, from) : text, *end = p && to ? strstr(p, to) : NULL;
	unsigned max = 0;

	while (p && (p = strstr(p, key)) && (!end || p < end)) {
		unsigned long v = strtoul(p + strlen(key), NULL, 0);

		if (v > max && v < 0xffff0000ul)
			max = (unsigned)v;
		p += strlen(key);
	}
	return max;
}

/* Copy of the tracked files, then the draft and the next revision from
 * the registry, the next free op id and feature bit from the spec. */
static void test_copy(void)
{
	char *p;
	unsigned major, minor;

	NEED();
	if (sh("git -C '%s' rev-parse --git-dir >/dev/null", src))
		PVABI_SKIP("the source tree is not a git checkout: its tracked files are unknown");
	STEP(0, "cd '%s' && git ls-files -z | xargs -0 cp -P --parents -t '%s'", src, dir);
	STEP(0, "sed -n 's/.*<revision id=\"\\([0-9.]*\\)\" status=\"draft\".*/\\1/p' ABI-VERSIONS.xml");
	snprintf(draft, sizeof(draft), "%.*s", (int)strcspn(out, "\n"), out);
	STEP(0, "sed -n 's/.*<revision id=\"\\([0-9.]*\\)\".*/\\1/p' ABI-VERSIONS.xml | tail -n 1");
	CU_ASSERT_EQUAL_FATAL(sscanf(out, "%u.%u", &major, &minor), 2);
	snprintf(next, sizeof(next), "%u.%u", major, minor + 1);
	STEP(0, "cat spec/platform.xml");
	/* A spec cut short by the buffer would hide its newest ops, and the
	 * edit below would then take an id already in use. */
	CU_ASSERT_FATAL(strlen(out) < sizeof(out) - 1);
	for (p = out; (p = strstr(p, "<op ")); p++) {
		const char *id = strstr(p, " id=\"");
		unsigned long v = id ? strtoul(id + 5, NULL, 0) : 0;

		if (v + 1 > op_id && v < 0xffff0000ul)
			op_id = (unsigned)v + 1;
	}
	bit = max_attr(out, NULL, NULL, " bit=\"") + 1;
	CU_ASSERT_FATAL(op_id > 0 && bit < 64);
}

/* Step 1 and 2: release the open draft (frozen too), open the next. */
static void test_release_draft_open_next(void)
{
	NEED();
	STEP(0, MAKE " all");
	if (draft[0])
		STEP(0, "build/pvabi release %s --freeze", draft);
	STEP(0, "build/pvabi new-rev %s", next);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, next));
}

static void insert_before(const char *anchor, const char *tag, const char *text)
{
	/* awk: after the anchor line, the first line holding tag gets text
	 * inserted before it. */
	STEP(0, "awk -v a='%s' -v t='%s' -v x='%s' "
	     "'!done && seen && index($0, t) { print x; done = 1 } index($0, a) { seen = 1 } { print }' "
	     "spec/platform.xml > spec/platform.xml.new && mv spec/platform.xml.new spec/platform.xml",
	     anchor, tag, text);
}

/* Step 3: the spec edits a user makes for a compatible revision. */
static void test_edit_spec(void)
{
	char text[2048];
	unsigned value;

	NEED();
	STEP(0, "cat spec/platform.xml");
	value = max_attr(out, "<enum name=\"shutdown_reason\"", "</enum>", "value=\"") + 1;
	snprintf(text, sizeof(text),
		 "  <feature name=\"cycle_fast\" bit=\"%u\" since=\"%s\"/>\n"
		 "  <op name=\"cycle_echo\" id=\"%u\" since=\"%s\">\n"
		 "    <doc>Returns x.</doc>\n    <arg name=\"x\" type=\"u32\"/>\n"
		 "    <ret type=\"u32\"/>\n    <vector args=\"x=7\" expect=\"ret=7\"/>\n  </op>\n"
		 "  <op name=\"cycle_fast_echo\" id=\"%u\" since=\"%s\" feature=\"cycle_fast\">\n"
		 "    <doc>Returns x + 1.</doc>\n    <arg name=\"x\" type=\"u32\"/>\n"
		 "    <ret type=\"u64\"/>\n    <raises error=\"ENOFEATURE\"/>\n"
		 "    <vector args=\"x=7\" expect=\"ret=8\"/>\n  </op>",
		 bit, next, op_id, next, op_id + 1, next);
	insert_before("<abi ", "</abi>", text);
	snprintf(text, sizeof(text), "    <field name=\"cycle_extra\" type=\"u64\" since=\"%s\">"
		 "<doc>0 until a platform fills it.</doc></field>", next);
	insert_before("<struct name=\"time_info\"", "</struct>", text);
	snprintf(text, sizeof(text), "    <value name=\"cycle_halt\" value=\"%u\" since=\"%s\"/>",
		 value, next);
	insert_before("<enum name=\"shutdown_reason\"", "</enum>", text);
	STEP(0, "build/pvabi check --all");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "OP_ADDED"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "FEATURE_ADDED"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "STRUCT_FIELD_APPENDED"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ENUM_VALUE_ADDED"));
}

/* Step 4: the handlers, from the skeleton's signatures, in a new file. */
static void test_handler(void)
{
	NEED();
	STEP(0, "build/pvabi gen --target skeleton -o skel");
	STEP(0, "{ echo '#include \"pvp.h\"'; echo; "
	     "grep '^int64_t pvp_handle_cycle_echo(' skel/pvp_skeleton.c; "
	     "echo '{ (void)pvabi_ctx; return x; }'; "
	     "grep '^int64_t pvp_handle_cycle_fast_echo(' skel/pvp_skeleton.c; "
	     "echo '{ (void)pvabi_ctx; return (int64_t)x + 1; }'; } > platform/pvp/cycle.c && "
	     "test $(grep -c pvp_handle platform/pvp/cycle.c) -eq 2 && rm -r skel");
	STEP(0, MAKE " guests && test -f build/guest/pvp/%s/conformance.elf", next);
}

/* Step 5: release and freeze; rebuild; every image green against the
 * new platform, the frozen images of every earlier revision included. */
static void test_release_and_matrix(void)
{
	NEED();
	STEP(0, "build/pvabi release %s --freeze", next);
	STEP(0, "test -f fixtures/guests/pvp/%s/MANIFEST", next);
	STEP(0, MAKE " all");
	STEP(0, "build/pvabi matrix --engine %s --platforms current --out m --quiet", engine);
	/* every frozen image was a row, and the new one ran the new ops */
	STEP(0, "build/pvabi matrix --engine %s --platforms current --list > list && "
	     "for r in $(ls fixtures/guests/pvp); do "
	     "grep -q \"\\\"id\\\": \\\"$r~current~%s\\\".*\\\"frozen\\\": true\" list || "
	     "{ echo \"no row for $r\"; exit 1; }; done && cat m/cells/%s~current~%s.tap",
	     engine, engine, next, engine);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ok "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cycle_fast_echo"));
	CU_ASSERT_PTR_NULL(strstr(out, "not ok"));
	/* the old platform releases against the new image: a lower pass */
	STEP(0, "build/pvabi matrix --engine %s --images %s --out m2 --quiet", engine, next);
}

/* Step 6: a breaking edit to the released revision: red. check and gate
 * name the revision and the rule; diff against the spec as released
 * names the element. */
static void test_breaking_edit(void)
{
	char rev[64];

	NEED();
	snprintf(rev, sizeof(rev), "[%s]", next);
	STEP(0, "cp spec/platform.xml released.xml && "
	     "sed -i 's/<arg name=\"x\" type=\"u32\"\\/>/<arg name=\"x\" type=\"u64\"\\/>/' "
	     "spec/platform.xml && ! cmp -s released.xml spec/platform.xml");
	STEP(1, "build/pvabi check");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "RELEASED_REVISION_MODIFIED"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, rev));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cycle_echo.arg:x"));
	STEP(1, "build/pvabi diff released.xml spec/platform.xml");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cycle_echo"));
	STEP(1, "build/pvabi gate --engine %s --platforms current --images %s --out g", engine,
	     next);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "RELEASED_REVISION_MODIFIED"));
	/* The sed above retyped x in both ops that have it: two elements,
	 * two findings, each named. */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "op:cycle_echo.arg:x changed"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "op:cycle_fast_echo.arg:x changed"));
	/* One cell and its two sub-cells of the feature axis (the platform
	 * offering every other feature, then none): the image's features,
	 * the new one included, still gate their ops. */
	if (!strstr(out, "gate: FAIL: 2 breaking rules, 0 of 3 cells not green"))
		fprintf(stderr, "gate said:\n%s\n", out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "gate: FAIL: 2 breaking rules, 0 of 3 cells not green"));
}

static const struct pvabi_test_case cases[] = {
	{ "copy_of_the_tree", test_copy },
	{ "release_draft_open_next", test_release_draft_open_next },
	{ "compatible_spec_edits", test_edit_spec },
	{ "handler_from_skeleton", test_handler },
	{ "release_freeze_matrix_green", test_release_and_matrix },
	{ "breaking_edit_red", test_breaking_edit },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "release_cycle", cases, setup, teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
