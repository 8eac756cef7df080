/* The generators of spec/xen.xml (format 2) beyond guest and crosscheck.
 * gen --target conformance: the suite of every revision compiles, freestanding, with that revision's
 * guest header for x86-64 and x86-32 under gcc and clang, and lists every
 * vector and scenario of the revision, and last the sweep past the
 * hypercall page's CPUID block (the convention's <grows>); vectors and scenarios that do not
 * resolve are refused naming the item; the platform and skeleton targets
 * refuse saying what the ABI lacks. (The images built from these suites
 * run on a real Xen through the xen engine.) gen --target docs: the
 * manual lists commands, unions with their discriminant, guest handles
 * and the registers of each guest mode. */
#include "abi/coverage.h"
#include "abi/load.h"
#include "emit/emit.h"
#include "tests/fixtures.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XEN_SPEC "spec/xen.xml"

static char dir[64];

static int begin(void)
{
	snprintf(dir, sizeof(dir), "/tmp/pvabi-xenc-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int end(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct pvabi_spec *load_edited(const char *from, const char *to)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;
	char *text = fx_read(pvabi_test_path(pvabi_test_srcdir(), XEN_SPEC), NULL), *at, *ed;
	size_t n;

	if (!text)
		return NULL;
	at = from ? strstr(text, from) : NULL;
	if (from && !at) {
		FX_FAIL("the spec no longer holds '%s'", from);
		free(text);
		return NULL;
	}
	n = strlen(text) + (to ? strlen(to) : 0) + 1;
	ed = malloc(n);
	if (ed && at)
		snprintf(ed, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	else if (ed)
		snprintf(ed, n, "%s", text);
	s = ed ? pvabi_spec_load_mem(ed, strlen(ed), XEN_SPEC, &d) : NULL;
	if (!s && !from)
		pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	free(ed);
	free(text);
	return s;
}

static int gen(const struct pvabi_spec *s, int rev, int (*target)(const struct pvabi_gen *),
	       struct pvabi_diags *d)
{
	struct pvabi_gen g = { .spec = s, .spec_name = XEN_SPEC, .rev = rev, .outdir = dir, .d = d };

	return target(&g);
}

/* How often what occurs in text. */
static size_t count_of(const char *text, const char *what)
{
	size_t n = 0;

	for (; (text = strstr(text, what)); text++)
		n++;
	return n;
}

/* Every vector of the revision appears in the suite's table by name. */
static void names_listed(const struct pvabi_spec *s, int rev, const char *suite)
{
	size_t i, k, j;
	char name[1200];

	for (i = 0; i < s->nops; i++)
		for (k = 0; k < s->ops[i].ncmds; k++) {
			const struct pvabi_cmd *c = &s->ops[i].cmds[k];

			for (j = 0; j < c->nvectors; j++) {
				int in = pvabi_life_has(&s->ops[i].life, rev) &&
					 pvabi_life_has(&c->life, rev) &&
					 pvabi_life_has(&c->vectors[j].life, rev);

				snprintf(name, sizeof(name), "\"%s %s: %s -> %s\"", s->ops[i].name,
					 c->name, *c->vectors[j].args ? c->vectors[j].args : "()",
					 c->vectors[j].expect);
				if (in != (strstr(suite, name) != NULL))
					FX_FAIL("revision %s: %s %s the suite", s->revs[rev].id, name,
						in ? "missing from" : "wrongly in");
			}
		}
	for (i = 0; i < s->nscenarios; i++) {
		snprintf(name, sizeof(name), "\"scenario %s (", s->scenarios[i].name);
		if (pvabi_life_has(&s->scenarios[i].life, rev) != (strstr(suite, name) != NULL))
			FX_FAIL("revision %s: scenario %s listed wrongly", s->revs[rev].id,
				s->scenarios[i].name);
	}
	/* the one-shot deadline's probes, from the first revision of their
	 * observer: two points in each of its two modes */
	if (count_of(suite, "\"now vcpu_op set_singleshot_timer extra_args.timeout_abs_ns=") !=
	    (rev >= pvabi_spec_rev(s, "3.2.2") ? 4u : 0u))
		FX_FAIL("revision %s: not 4 probes of the deadline's <now> from 3.2.2, none before",
			s->revs[rev].id);
	/* the probes of bind_virq's <one-per>, one per VIRQ it names, from
	 * event_channel_op's first revision; the suite's last tests */
	if (count_of(suite, "\"scenario event_channel_op bind_virq: one arg.virq=") !=
	    (rev >= pvabi_spec_rev(s, "3.2.2") ? 3u : 0u))
		FX_FAIL("revision %s: not 3 probes of bind_virq's <one-per> from 3.2.2, none before",
			s->revs[rev].id);
	/* the readings again of xen_version's seven <fixed>, from vCPU 0
	 * and vCPU 1, in every revision: the suite's very last tests */
	if (count_of(suite, ": fixed for the guest's life: ") != 14 ||
	    count_of(strstr(suite, "\"xen_version version: fixed for the guest's life: "),
		     " },\n\t{ ") != 13 || !strstr(suite, " c2_fixed_first,\n};"))
		FX_FAIL("revision %s: not 14 readings again of the <fixed> values, last, nor the "
			"first readings before the tests", s->revs[rev].id);
	/* the sweep past the hypercall page's CPUID block, once, the last
	 * before them */
	snprintf(name, sizeof(name), "\"scenario cpuid: leaves past eax of the XenVMMXenVMM leaf "
		 "below its base+0x100, unserved: all zero (3 steps)\", t");
	if (!strstr(suite, name) || strstr(strstr(suite, name) + 1, name) ||
	    count_of(strstr(suite, name), " },\n\t{ ") !=
		    count_of(strstr(suite, name), "\"scenario event_channel_op bind_virq: one ") +
			    count_of(suite, ": fixed for the guest's life: "))
		FX_FAIL("revision %s: the CPUID gap scenario is not listed once, last",
			s->revs[rev].id);
	else if (!strstr(suite, "g.next = g.base + 0x100u;") ||
		 !strstr(suite, "struct pvabi_c2_gap g = { 0, 0, 0x0u, 0u, 1u };"))
		FX_FAIL("revision %s: the CPUID gap is not the signature leaf's block, eax, "
			"all zero", s->revs[rev].id);
}

static void compile_all_modes(const struct pvabi_spec *s, int rev)
{
	static const char *const cc[] = { "gcc -m64", "gcc -m32", "clang -m64", "clang -m32" };
	char cmd[1024], out[8192];
	size_t i;

	for (i = 0; i < 4; i++) {
		if (i >= 2 && system("clang --version >/dev/null 2>&1"))
			break;
		snprintf(cmd, sizeof(cmd),
			 "%s -std=c11 -ffreestanding -Wall -Wextra -Wshadow -Werror -c -I%s -I%s "
			 "%s/xen_conformance.c -o %s/suite.o 2>&1", cc[i], pvabi_test_srcdir(), dir,
			 dir, dir);
		if (fx_run(cmd, out, sizeof(out), NULL) != 0)
			FX_FAIL("revision %s, %s: the suite does not compile:\n%s", s->revs[rev].id,
				cc[i], out);
	}
}

static void test_every_revision_compiles(void)
{
	struct pvabi_spec *s = load_edited(NULL, NULL);
	char path[128], *suite;
	size_t r, ncmdvec = 0, i, k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	for (i = 0; i < s->nops; i++)
		for (k = 0; k < s->ops[i].ncmds; k++)
			ncmdvec += s->ops[i].cmds[k].nvectors;
	/* a spec without command vectors would pass the rest vacuously */
	CU_ASSERT(ncmdvec >= 10);
	CU_ASSERT(s->nscenarios >= 3);
	for (r = 0; r < s->nrevs; r++) {
		struct pvabi_diags d = { 0 };

		CU_ASSERT_EQUAL_FATAL(gen(s, (int)r, pvabi_emit_guest, &d), 0);
		if (gen(s, (int)r, pvabi_emit_conformance, &d)) {
			pvabi_diag_print(&d, stdout);
			FX_FAIL("revision %s: conformance target failed", s->revs[r].id);
		}
		pvabi_diag_free(&d);
		snprintf(path, sizeof(path), "%s/xen_conformance.c", dir);
		suite = fx_read(path, NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(suite);
		names_listed(s, (int)r, suite);
		free(suite);
		compile_all_modes(s, (int)r);
	}
	pvabi_spec_free(s);
}

static int want_line;

static int line_of(const char *text, const char *at)
{
	int n = 1;

	for (; text < at; text++)
		n += *text == '\n';
	return n;
}

/* A spec edit the loader must refuse, naming rule and item (and with
 * want_line, at the line of the edit). */
static void refused(const char *from, const char *to, const char *rule, const char *item)
{
	struct pvabi_diags d = { 0 };
	char *text = fx_read(pvabi_test_path(pvabi_test_srcdir(), XEN_SPEC), NULL), *at, *ed;
	struct pvabi_spec *s;
	size_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	at = strstr(text, from);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	n = strlen(text) + strlen(to) + 1;
	ed = malloc(n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ed);
	snprintf(ed, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	s = pvabi_spec_load_mem(ed, strlen(ed), XEN_SPEC, &d);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_EQUAL(d.n, 1);
	if (d.n && (strcmp(d.v[0].rule, rule) || !strstr(d.v[0].msg, item)))
		FX_FAIL("want %s naming '%s', got %s: %s", rule, item, d.v[0].rule, d.v[0].msg);
	/* at the edited step's line */
	if (d.n && want_line && d.v[0].line != line_of(text, at))
		FX_FAIL("'%s' refused at line %d, want %d", to, d.v[0].line, line_of(text, at));
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
	free(ed);
	free(text);
}

static void test_vectors_refused(void)
{
	/* a field the command's struct does not have */
	refused("args=\"arg.submap_idx=1\"", "args=\"arg.submap=1 arg.nosuch=1\"", "VECTOR_INVALID",
		"no field 'nosuch'");
	/* a field the platform alone writes is not given */
	refused("<vector args=\"vcpuid=0\" expect=\"ret=0 extra_args.state",
		"<vector args=\"vcpuid=0 extra_args.state=1\" expect=\"ret=0 extra_args.state",
		"VECTOR_INVALID", "written by the platform");
	/* a by-value parameter left out */
	refused("args=\"cmd=0x7fff arg=0\" expect=\"error=ENOSYS\"><doc>",
		"args=\"cmd=0x7fff\" expect=\"error=ENOSYS\"><doc>", "VECTOR_INVALID",
		"arg is not given");
	/* an enum value the field's enum does not have */
	refused("expect=\"ret=0 arg.status=unbound ", "expect=\"ret=0 arg.status=bound ",
		"SCENARIO_INVALID", "no value of enum evtchn_stat");
	/* a variable no earlier step bound */
	refused("bind=\"port=arg.port\"", "", "SCENARIO_INVALID", "$port is not bound");
	/* a value that does not fit the field */
	refused("arg.nr_entries=204", "arg.nr_entries=0x100000000", "SCENARIO_INVALID",
		"does not fit u32");
}

/* The steps that call nothing, as format 2 has them: offsets by field,
 * bits of a bitmap, acknowledged and exact waits, pvclock reads. */
static void test_steps_refused(void)
{
	refused("offset=\"shared_info.evtchn_mask\" bit=\"$port\"",
		"offset=\"shared_info.nosuch\" bit=\"$port\"", "SCENARIO_INVALID",
		"struct shared_info has no field 'nosuch'");
	refused("offset=\"shared_info.evtchn_mask\" bit=\"$port\"",
		"offset=\"nosuch.evtchn_mask\" bit=\"$port\"", "SCENARIO_INVALID",
		"no struct 'nosuch'");
	refused("offset=\"shared_info.evtchn_mask\" bit=\"$port\"",
		"offset=\"shared_info.evtchn_mask\" bit=\"$nosuch\"", "SCENARIO_INVALID",
		"bit '$nosuch' is not a $NAME bound by an earlier step");
	/* x86_32 has the selector at 4: an 8-byte access there is unaligned */
	refused("offset=\"vcpu_info.evtchn_pending_sel\" width=\"4\"",
		"offset=\"vcpu_info.evtchn_pending_sel\" width=\"8\"", "SCENARIO_INVALID",
		"offset 4 width 8 is not an aligned access inside the page (x86_32)");
	refused("ack=\"$sh\"", "ack=\"$port\"", "SCENARIO_INVALID",
		"$port holds no <page>'s address");
	refused("count=\"0\" exact=\"true\"", "count=\"0\"", "SCENARIO_INVALID",
		"count=\"0\" outside 1..255");
	refused("<clock at=\"$sh\" offset=\"vcpu_info.time\" bind=\"quiet\"/>",
		"<clock at=\"$sh\" offset=\"vcpu_info.time\" expect=\"&gt;=$nosuch+1\"/>",
		"SCENARIO_INVALID", "names no variable an earlier step bound");
	/* vCPU 1's copy of a per-vCPU field: +N bytes in every mode, judged
	 * in each (x86_64 8 + 62, unaligned for 4 bytes) */
	refused("offset=\"vcpu_info.evtchn_pending_sel+64\" width=\"4\"",
		"offset=\"vcpu_info.evtchn_pending_sel+62\" width=\"4\"", "SCENARIO_INVALID",
		"offset 70 width 4 is not an aligned access inside the page (x86_64)");
	refused("command=\"send\" vcpu=\"1\"", "command=\"send\" vcpu=\"1\" retry=\"3\"",
		"SCENARIO_INVALID", "retry is not yet generated for a format 2 ABI");
	/* a pvclock record is 32 bytes: at 4080 it leaves the page */
	refused("<clock at=\"$sh\" offset=\"vcpu_info.time\" bind=\"now\"/>",
		"<clock at=\"$sh\" offset=\"4080\" bind=\"now\"/>", "SCENARIO_INVALID",
		"a 32-byte record at offset 4080 is not aligned inside the page");
}

/* <check> steps and judged expectations, refused at their own line. */
static void test_checks_refused(void)
{
	static const char chk[] = "<check value=\"$quiet\" expect=\"=$now+1000000..$now+199900000\"/>";

	want_line = 1;
	refused(chk, "<check value=\"$quiet\" expect=\"=$nosuch..$now\"/>", "EXPR_INVALID",
		"$nosuch");
	refused(chk, "<check value=\"$quiet\" expect=\"~5\"/>", "SCENARIO_INVALID",
		"is not =E, >=E, <=E, =E~N%, =E~N or =L..H");
	refused(chk, "<check value=\"5\" expect=\"=5\"/>", "SCENARIO_INVALID",
		"value and expect are both constants");
	refused(chk, "<check value=\"$quiet\" expect=\"&gt;=$now~5%\"/>", "EXPR_INVALID",
		"a tolerance or a range follows '=' only");
	refused(chk, "<check value=\"$quiet\" expect=\"=$now+2..$now+1..3\"/>", "EXPR_INVALID",
		"$now+1..3");
	/* a check's value is judged where the variables exist: not in a vector */
	refused("expect=\"ret=-62..0\" bind=\"r\"", "expect=\"ret=-62..$nosuch\" bind=\"r\"",
		"EXPR_INVALID", "$nosuch");
	refused("args=\"cmd=0x7fff arg=0\" expect=\"error=ENOSYS\"><doc>",
		"args=\"cmd=0x7fff arg=0\" expect=\"ret=$x\"><doc>", "EXPR_INVALID",
		"variable $x is not bound");
	refused("expect=\"ret=0 arg.port&gt;=1 arg.dom=0x7ff0",
		"expect=\"ret=0 arg.port=1..0 arg.dom=0x7ff0", "EXPR_INVALID",
		"the range is empty");
	want_line = 0;
}

/* Register conventions and compile-time negotiation: the targets that
 * generate the platform side say what they would need. */
static void test_platform_refused(void)
{
	struct pvabi_spec *s = load_edited(NULL, NULL);
	int (*const targets[])(const struct pvabi_gen *) = { pvabi_emit_platform,
							      pvabi_emit_skeleton };
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	for (i = 0; i < 2; i++) {
		struct pvabi_diags d = { 0 };

		CU_ASSERT_NOT_EQUAL(gen(s, (int)s->nrevs - 1, targets[i], &d), 0);
		CU_ASSERT_EQUAL_FATAL(d.n, 1);
		CU_ASSERT_STRING_EQUAL(d.v[0].rule, "GEN_UNSUPPORTED");
		CU_ASSERT_PTR_NOT_NULL(strstr(d.v[0].msg, "a call-frame convention (it is reached "
							   "through hypercall_page)"));
		CU_ASSERT_PTR_NOT_NULL(strstr(d.v[0].msg, "a negotiate op (its guests pick their "
							   "revision at compile time through "
							   "__XEN_INTERFACE_VERSION__)"));
		pvabi_diag_free(&d);
	}
	pvabi_spec_free(s);
}

static void want(const char *text, const char *what)
{
	if (!strstr(text, what))
		FX_FAIL("the manual lacks: %s", what);
}

/* The points of the modes spec/xen.xml does not use: a relative
 * deadline that 0 cancels is probed at 1 and 700001 and armed 1 s ahead
 * then cancelled, and each suite compiles in every guest mode. */
static void test_now_relative_cancels(void)
{
	struct pvabi_spec *s = load_edited("when=\"extra_args.flags=0\" is=\"absolute\" past=\"fires\"",
					   "when=\"extra_args.flags=0\" is=\"relative\" zero=\"cancels\"");
	struct pvabi_diags d = { 0 };
	char path[128], *suite;
	int rev;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	rev = pvabi_spec_rev(s, "4.14.0");
	CU_ASSERT_EQUAL_FATAL(gen(s, rev, pvabi_emit_guest, &d), 0);
	CU_ASSERT_EQUAL_FATAL(gen(s, rev, pvabi_emit_conformance, &d), 0);
	pvabi_diag_free(&d);
	snprintf(path, sizeof(path), "%s/xen_conformance.c", dir);
	suite = fx_read(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(suite);
	CU_ASSERT_EQUAL(count_of(suite, "\"now vcpu_op set_singleshot_timer "), 5);
	CU_ASSERT_PTR_NOT_NULL(strstr(suite, "extra_args.timeout_abs_ns=700001 (extra_args.flags=0: "
					     "relative) -> ret=0, seen, timed"));
	CU_ASSERT_PTR_NOT_NULL(strstr(suite, "extra_args.timeout_abs_ns=1s, then 0 (extra_args.flags=0: "
					     "relative) -> ret=0, not seen"));
	/* relative: the moment is the time before the call plus the value */
	CU_ASSERT_PTR_NOT_NULL(strstr(suite, "moment = now + v[AT];"));
	compile_all_modes(s, rev);
	free(suite);
	pvabi_spec_free(s);
}

/* A refused command's struct is poisoned and judged after the refusal
 * (events: get_features, status and get_param refused), every byte but
 * the inputs the call set; a field declared written-on= the error is
 * left out of the check, and only for that error. */
static void test_refused_kept(void)
{
	struct pvabi_spec *s = load_edited("<field name=\"status\" type=\"evtchn_stat\"/>",
					   "<field name=\"status\" type=\"evtchn_stat\" "
					   "written-on=\"EINVAL\"/>");
	struct pvabi_diags d = { 0 };
	char path[128], *suite;
	int rev;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	rev = pvabi_spec_rev(s, "4.14.0");
	CU_ASSERT_EQUAL_FATAL(gen(s, rev, pvabi_emit_guest, &d), 0);
	CU_ASSERT_EQUAL_FATAL(gen(s, rev, pvabi_emit_conformance, &d), 0);
	pvabi_diag_free(&d);
	snprintf(path, sizeof(path), "%s/xen_conformance.c", dir);
	suite = fx_read(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(suite);
	/* the three refused vectors and the five refused binds of each of the
	 * three <one-per> probes */
	CU_ASSERT_EQUAL(count_of(suite, "__builtin_memset(&p0, PVABI_C2_POISON, sizeof(p0));"), 3 + 15);
	CU_ASSERT_EQUAL(count_of(suite, "refused, yet its first byte not the guest's poison"), 3 + 15);
	/* the status vector keeps dom and port (its inputs) and status (declared) */
	CU_ASSERT_PTR_NOT_NULL(strstr(suite, "__builtin_offsetof(__typeof__(p0), port), "
					     "(uint16_t)sizeof(p0.port) }, { (uint16_t)__builtin_offsetof("
					     "__typeof__(p0), status), (uint16_t)sizeof(p0.status) } };"));
	CU_ASSERT_EQUAL(count_of(suite, "__typeof__(p0), status)"), 1);
	compile_all_modes(s, rev);
	free(suite);
	pvabi_spec_free(s);
}

static void test_docs(void)
{
	struct pvabi_spec *s = load_edited(NULL, NULL);
	struct pvabi_diags d = { 0 };
	char path[128], *md, *html;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(gen(s, pvabi_spec_rev(s, "4.14.0"), pvabi_emit_docs, &d), 0);
	pvabi_diag_free(&d);
	snprintf(path, sizeof(path), "%s/xen-4.14.0.md", dir);
	md = fx_read(path, NULL);
	snprintf(path, sizeof(path), "%s/xen-4.14.0.html", dir);
	html = fx_read(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_PTR_NOT_NULL_FATAL(html);
	/* commands: number, data and its direction, result, errors, handles */
	/* each number with the C name the header gives it */
	want(md, "| `get_features` | 6 (`XENVER_get_features`) | "
		 "[`xen_feature_info`](#struct-xen_feature_info) | in/out | 0 | `EINVAL` | 3.0.0 |");
	want(md, "| `extraversion` | 1 (`XENVER_extraversion`) | "
		 "`extraversion (s8[16], xen_extraversion_t)` | out | 0 | - |");
	want(md, "| `memory_map` | 9 (`XENMEM_memory_map`) | "
		 "[`xen_memory_map`](#struct-xen_memory_map) | in/out | 0 | handle `buffer` out |");
	want(md, "Argument `cmd` selects the command; `arg` carries its data");
	want(md, "| `status` | `arg.dom=0x7ff0 arg.port=0x7fffffff` | `error=EINVAL` |");
	/* unions and their discriminant */
	want(md, "### `evtchn_status_u` (union)");
	want(md, "every member is at offset 0");
	want(md, "| `u` | [`evtchn_status_u`](#struct-evtchn_status_u) | 1 | 16 | 8 | 3.0.0 | "
		 "Union whose member field `status` selects. |");
	want(md, "| `unbound` | [`evtchn_status_unbound`](#struct-evtchn_status_unbound) | 1 | 0 | 2 | "
		 "3.0.0 | Member when the discriminant is `unbound`. |");
	/* guest handles are pointer-sized, not their pointee's size */
	want(md, "| `buffer` | `u8` | 1 | 8 | 8 | 3.0.0 | Guest handle: a guest-virtual pointer");
	want(md, "on x86_32 it is 8 bytes");
	/* the register convention per mode and its installation */
	want(md, "| Argument registers (x86_64) | `rdi`, `rsi`, `rdx`, `r10`, `r8`, `r9` |");
	want(md, "| Argument registers (x86_32) | `ebx`, `ecx`, `edx`, `esi`, `edi`, `ebp` |");
	want(md, "| Result register (x86_32) | `eax` |");
	want(md, "the signature `XenVMMXenVMM` at CPUID 0x40000000");
	/* the one-shot deadline's <now>, each mode, the past by release */
	want(md, "#### Values against the platform's now");
	want(md, "| `set_singleshot_timer` | `extra_args.timeout_abs_ns` | `extra_args.flags=1` | "
		 "absolute | `error=ETIME fires@4.17.3` | 50000 ns early, 50000 ns late | "
		 "`vcpu_info.time` of `timer_singleshot`, effect: bit of "
		 "`shared_info.evtchn_pending` | 3.2.2 |");
	/* the HTML writer carries the same content */
	want(html, "Argument registers (x86_32)");
	want(html, "Member when the discriminant is");
	free(md);
	free(html);
	pvabi_spec_free(s);
}

/* Xen's set_timer_op (15) takes a 64-bit timeout by value; on x86_32
 * Xen reads it from two registers, the low half first. spec/xen.xml says
 * wide-args="pair": without it the spec is refused, with it set_timer_op
 * gets that stub on x86_32 and one register on x86_64, and its vectors
 * and <now> probes compile through it. */
static void test_wide_pair(void)
{
	static const char pair[] = " wide-args=\"pair\"";
	char *text = fx_read(pvabi_test_path(pvabi_test_srcdir(), XEN_SPEC), NULL), *ed, *at, path[128];
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;
	size_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	n = strlen(text) + 1;
	ed = malloc(n);
	at = strstr(text, pair);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ed);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	snprintf(ed, n, "%.*s%s", (int)(at - text), text, at + strlen(pair));
	/* without wide-args the convention does not say how: refused */
	s = pvabi_spec_load_mem(ed, strlen(ed), XEN_SPEC, &d);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT(d.n == 1 && !strcmp(d.v[0].rule, "WIDE_ARG_UNDESCRIBED"));
	pvabi_diag_free(&d);
	pvabi_spec_free(s);
	free(ed);
	ed = text;
	s = pvabi_spec_load_mem(ed, strlen(ed), XEN_SPEC, &d);
	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(gen(s, (int)s->nrevs - 1, pvabi_emit_guest, &d), 0);
	CU_ASSERT_EQUAL(gen(s, (int)s->nrevs - 1, pvabi_emit_conformance, &d), 0);
	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	snprintf(path, sizeof(path), "%s/xen_guest.h", dir);
	text = fx_read(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	at = strstr(text, "long xen_set_timer_op(uint64_t timeout)");
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	if (!strstr(at, "#if defined(__i386__)\n\treturn xen_hypercall_page_call2(XEN_OP_SET_TIMER_OP, "
			"(unsigned long)timeout, (unsigned long)((uint64_t)timeout >> 32));\n#else\n"
			"\treturn xen_hypercall_page_call1(XEN_OP_SET_TIMER_OP, (unsigned long)timeout);"))
		FX_FAIL("set_timer_op's stub does not split its timeout on x86_32:\n%.400s", at);
	compile_all_modes(s, (int)s->nrevs - 1);
	free(text);
	free(ed);
	pvabi_spec_free(s);
}

/* Output coverage counts what the generated suite checks: the result of
 * xen_version through its commands' vectors, of event_channel_op through
 * the scenario's steps too, and by the <check> that judges a result a
 * scenario bound; the compat ops, which Xen serves PV guests
 * only and the suite does not call, stay unchecked (spec/xen.xml waives
 * them: every image boots as PVH). */
static void test_coverage(void)
{
	struct pvabi_spec *s = load_edited(NULL, NULL);
	struct pvabi_coverage c;
	size_t i, by_vec = 0, by_step = 0, by_check = 0;
	int checked[3] = { -1, -1, -1 };
	const char *ops[3] = { "xen_version", "event_channel_op", "sched_op_compat" };

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(pvabi_coverage_build(s, (int)s->nrevs - 1, &c), 0);
	for (i = 0; i < c.n; i++) {
		const struct pvabi_cov_out *o = &c.v[i];
		size_t k, j;

		if (o->kind != PVABI_OUT_RET)
			continue;
		for (k = 0; k < 3; k++)
			if (o->op == pvabi_spec_op(s, ops[k]))
				checked[k] = o->nby > 0;
		for (j = 0; j < o->nby; j++) {
			by_vec += o->by[j].kind == PVABI_BY_VECTOR;
			by_step += o->by[j].kind == PVABI_BY_STEP;
			/* timer_future_flag's result bound as r, judged by
			 * the <check> after it ($r*($r+62) = 0) */
			by_check += o->by[j].kind == PVABI_BY_BOUND &&
				    !strcmp(s->scenarios[o->by[j].index].name, "timer_future_flag") &&
				    o->by[j].user == o->by[j].step + 1;
		}
	}
	CU_ASSERT_EQUAL(checked[0], 1);
	CU_ASSERT_EQUAL(checked[1], 1);
	CU_ASSERT_EQUAL(checked[2], 0);
	CU_ASSERT(by_vec >= 7);
	CU_ASSERT(by_step >= 8);
	CU_ASSERT_EQUAL(by_check, 1);
	pvabi_coverage_free(&c);
	pvabi_spec_free(s);
}

static const struct pvabi_test_case cases[] = {
	{ "every_revision_compiles", test_every_revision_compiles },
	{ "vectors_refused", test_vectors_refused },
	{ "steps_refused", test_steps_refused },
	{ "checks_refused", test_checks_refused },
	{ "platform_refused", test_platform_refused },
	{ "now_relative_cancels", test_now_relative_cancels },
	{ "refused_kept", test_refused_kept },
	{ "docs", test_docs },
	{ "wide_pair", test_wide_pair },
	{ "coverage", test_coverage },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "xen_conformance", cases, begin, end },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
