/* The hostile guest (guest/hostile.c) against the mini platform on every
 * usable engine, and against the reference platform (suite hostile_pvp,
 * below) under the own KVM VMM and QEMU TCG: random op ids and nargs,
 * pointers into the frame, at and beyond the end of RAM and around 2^64,
 * corrupt frames and doorbells with nothing pending. The run must end EXITED with PASS within the timeout
 * (the guest checked every answer), and the platform's own counters must
 * show exactly the bad frames the guest sent refused and the spurious
 * doorbells ignored. Under SANITIZE=1 any out-of-bounds access of the host
 * side ends the test. */
#include "conformance/engine.h"
#include "conformance/profile.h"
#include "platform/pvp/pvp.h"
#include "platform/tests/mini_host.h"
#include "abi/load.h"
#include "abi/registry.h"
#include "tests/harness.h"

#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT 2000

static char console[65536];
static size_t used;

static void sink(void *ctx, const char *buf, size_t n)
{
	(void)ctx;
	if (used + n < sizeof(console)) {
		memcpy(console + used, buf, n);
		used += n;
		console[used] = '\0';
	}
}

/* Every engine reports the raw isa-debug-exit value: PASS is 0x20. */
static int passed(const struct pvabi_engine_result *r)
{
	return r->outcome == PVABI_RUN_EXITED && r->exit_value == 0x20;
}

/* A platform that breaks the ABI: nop answers an error the ABI does not
 * define. */
static int64_t broken_dispatch(void *ctx, uint32_t op, uint32_t nargs, const uint64_t *args)
{
	struct mini_ctx *c = ctx;
	int64_t ret = mini_dispatch(c, &c->st, op, nargs, args);

	return op == MINI_OP_NOP && ret == 0 ? -12345 : ret;
}

static int run_hostile(const struct pvabi_engine *e, unsigned int seed, struct mini_ctx *c,
		       struct pvabi_engine_result *res, int broken)
{
	struct pvabi_engine_cfg cfg;
	char image[4096], cmdline[128];

	snprintf(image, sizeof(image), "%s/guest/mini/hostile.elf", pvabi_test_builddir());
	snprintf(cmdline, sizeof(cmdline), "seed=%u count=%d ram=64", seed, COUNT);
	if (mini_platform_init(c))
		return -1;
	if (broken)
		c->host.dispatch = broken_dispatch;
	memset(&cfg, 0, sizeof(cfg));
	cfg.image = image;
	cfg.cmdline = cmdline;
	cfg.timeout_ms = 60000;
	cfg.mem_size = 64u << 20;
	cfg.doorbell_port = 0x2f8;
	cfg.console = sink;
	cfg.doorbell = mini_platform_doorbell;
	cfg.ctx = c;
	used = 0;
	console[0] = '\0';
	return e->run(&cfg, res);
}

/* One hostile run of seed on e against the mini platform. 1 when e
 * cannot run here (the case's skip said: its caller returns), else 0;
 * likewise hostile_pvp. */
static int hostile(const struct pvabi_engine *e, unsigned int seed)
{
	struct pvabi_engine_result res;
	struct mini_ctx c;
	char why[256];
	unsigned long long calls = 0, bad = 0, spurious = 0;
	const char *line;

	if (e->probe(why, sizeof(why))) {
		pvabi_test_skip(__FILE__, __LINE__, why);
		return 1;
	}
	CU_ASSERT_EQUAL_FATAL(run_hostile(e, seed, &c, &res, 0), 0);
	line = strstr(console, "# hostile: ");
	if (line)
		sscanf(line, "# hostile: calls=%llu bad_frames=%llu spurious=%llu", &calls, &bad,
		       &spurious);
	if (!passed(&res) || !line || getenv("PVABI_TEST_VERBOSE"))
		printf("\n  %s seed %u: %s (%s) %.1f ms; host calls=%" PRIu64 " bad_frames=%" PRIu64
		       " spurious=%" PRIu64 "\n%s\n", e->name, seed, pvabi_outcome_name(res.outcome),
		       res.reason, res.run_ms, c.host.calls, c.host.bad_frames, c.host.spurious,
		       console);
	CU_ASSERT_TRUE(passed(&res));
	CU_ASSERT_PTR_NULL(strstr(console, "not ok"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	CU_ASSERT_TRUE(calls >= COUNT && bad > 0 && spurious > 0);
	/* every bad frame the guest sent was refused by the frame server;
	 * the calls it counted (plus negotiation's) were all served */
	CU_ASSERT_EQUAL(c.host.bad_frames, bad);
	CU_ASSERT_TRUE(c.host.calls >= calls && c.host.calls <= calls + 4);
	/* QEMU delivers doorbell bytes after the guest moved on, so a ring
	 * meant as spurious may find the next call pending: at least as
	 * many, never fewer than the guest sent, for the own VMM exactly */
	if (e == &pvabi_engine_kvm)
		CU_ASSERT_EQUAL(c.host.spurious, spurious);
	CU_ASSERT_TRUE(c.host.spurious + c.host.calls >= spurious + calls);
	CU_ASSERT_EQUAL(c.negotiated.status, PVABI_NEG_OK);
	return 0;
}

static void test_kvm(void)
{
	/* the first run that cannot start skips the case, once */
	if (!hostile(&pvabi_engine_kvm, 1) && !hostile(&pvabi_engine_kvm, 2))
		hostile(&pvabi_engine_kvm, 0xdead);
}

static void test_qemu_tcg(void)
{
	if (!hostile(&pvabi_engine_qemu_tcg, 1))
		hostile(&pvabi_engine_qemu_tcg, 3);
}

static void test_qemu_kvm(void)
{
	hostile(&pvabi_engine_qemu_kvm, 4);
}

/* The guest's checks can fail: an undefined error makes the run FAIL. */
static void test_broken_platform(void)
{
	const struct pvabi_engine *e = &pvabi_engine_qemu_tcg;
	struct pvabi_engine_result res;
	struct mini_ctx c;
	char why[256];

	if (e->probe(why, sizeof(why)))
		e = &pvabi_engine_kvm;
	if (e->probe(why, sizeof(why)))
		PVABI_SKIP(why);
	CU_ASSERT_EQUAL_FATAL(run_hostile(e, 1, &c, &res, 1), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_RUN_EXITED);
	CU_ASSERT_TRUE(res.exit_value == 0x24); /* PVABI_EXIT_BASE + FAIL */
	CU_ASSERT_PTR_NOT_NULL(strstr(console, "undefined result -12345"));
	CU_ASSERT_PTR_NOT_NULL(strstr(console, "not ok"));
}

/* The same guest against the reference platform as the current build
 * serves it (the profile from spec/platform.xml and ABI-VERSIONS.xml):
 * the image offers every window revision with every feature and must get
 * the newest, 2.1, with all of them. Every op but shutdown (never issued:
 * it would end the run) gets random ids, nargs and pointers, including
 * the ops that make the platform write into guest memory (cpuid,
 * read_msr, get_time_info, evtchn_status, negotiate's answer) and the
 * page-table ops: mmu_update and mmu_update_batch write entries at tables
 * the guest names, so the image sends valid tables only inside scratch
 * pages it reserves (invalid ones everywhere else) and checks each write
 * landed where asked. Here, after every call the platform serves, the
 * image's code and read-only data in guest memory must still be what they
 * were at the first call (the file's, but for the GDT's accessed bits),
 * and the entries the guest saw written must be the ones the platform
 * counted. */
static struct pvabi_neg_profile pvp_current;
static int pvp_setup_ok;
static char pvp_setup_err[256];

struct pvp_run {
	struct pvp_ctx c;
	uint8_t *text;       /* the image's executable segment, from the file */
	uint64_t text_gpa, text_len;
	uint64_t served, text_changed, first_change, accessed_bits;
};

/* The executable PT_LOAD of the (elf32) image. */
static int load_text(const char *path, struct pvp_run *r)
{
	FILE *f = fopen(path, "rb");
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
	int i, rc = -1;

	if (!f)
		return -1;
	if (fread(&eh, sizeof(eh), 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS32)
		goto out;
	for (i = 0; i < eh.e_phnum && rc; i++) {
		if (fseek(f, (long)(eh.e_phoff + (Elf32_Off)i * eh.e_phentsize), SEEK_SET) ||
		    fread(&ph, sizeof(ph), 1, f) != 1)
			goto out;
		if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_X) || !ph.p_filesz)
			continue;
		r->text = malloc(ph.p_filesz);
		if (!r->text || fseek(f, (long)ph.p_offset, SEEK_SET) ||
		    fread(r->text, ph.p_filesz, 1, f) != 1)
			goto out;
		r->text_gpa = ph.p_paddr;
		r->text_len = ph.p_filesz;
		rc = 0;
	}
out:
	fclose(f);
	return rc;
}

/* At the first doorbell, takes the image's code and read-only data from
 * guest memory: they equal the file but for the accessed bits the CPU
 * sets in the GDT's descriptors (in .rodata) as it loads segments. Then
 * serves the call and compares them with that copy after every call. */
static int guarded_doorbell(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value)
{
	struct pvp_run *r = ctx;
	uint64_t i;
	int rc;

	if (r->text_gpa + r->text_len > size)
		return -1;
	if (!r->served) {
		for (i = 0; i < r->text_len; i++) {
			if (mem[r->text_gpa + i] == r->text[i])
				continue;
			if ((mem[r->text_gpa + i] ^ r->text[i]) == 1 && r->accessed_bits < 16)
				r->accessed_bits++;
			else
				r->text_changed++;
		}
		memcpy(r->text, mem + r->text_gpa, r->text_len);
	}
	rc = pvp_platform_doorbell(&r->c, vcpu, mem, size, value);
	r->served++;
	if (memcmp(mem + r->text_gpa, r->text, r->text_len) && !r->text_changed++)
		r->first_change = r->served;
	return rc;
}

static int hostile_pvp(const struct pvabi_engine *e, unsigned int seed)
{
	static struct pvp_run run;
	struct pvp_ctx *c = &run.c;
	struct pvabi_engine_result res;
	struct pvabi_engine_cfg cfg;
	struct pvp_options o;
	char image[4096], cmdline[128], why[256];
	unsigned long long calls = 0, bad = 0, spurious = 0, pte = 0;
	const uint32_t newest = pvp_window_revs[PVP_WINDOW_NREVS - 1];
	const char *line;

	if (!pvp_setup_ok) {
		printf("\n  profile: %s\n", pvp_setup_err);
		CU_FAIL_FATAL("no current profile");
	}
	if (e->probe(why, sizeof(why))) {
		pvabi_test_skip(__FILE__, __LINE__, why);
		return 1;
	}
	snprintf(image, sizeof(image), "%s/guest/pvp/hostile.elf", pvabi_test_builddir());
	snprintf(cmdline, sizeof(cmdline), "seed=%u count=%d ram=64 skip=%u", seed, COUNT,
		 PVP_OP_SHUTDOWN);
	free(run.text);
	memset(&run, 0, sizeof(run));
	CU_ASSERT_EQUAL_FATAL(load_text(image, &run), 0);
	memset(&o, 0, sizeof(o));
	CU_ASSERT_EQUAL_FATAL(pvp_platform_init(c, &pvp_current, &o), 0);
	memset(&cfg, 0, sizeof(cfg));
	cfg.image = image;
	cfg.cmdline = cmdline;
	cfg.timeout_ms = 60000;
	cfg.mem_size = 64u << 20;
	cfg.doorbell_port = (uint16_t)PVP_DOORBELL_PORT;
	cfg.console = sink;
	cfg.doorbell = guarded_doorbell;
	cfg.ctx = &run;
	used = 0;
	console[0] = '\0';
	CU_ASSERT_EQUAL_FATAL(e->run(&cfg, &res), 0);
	line = strstr(console, "# hostile: ");
	if (line)
		sscanf(line, "# hostile: calls=%llu bad_frames=%llu spurious=%llu pte_writes=%llu",
		       &calls, &bad, &spurious, &pte);
	if (!passed(&res) || !line || run.text_changed || getenv("PVABI_TEST_VERBOSE"))
		printf("\n  pvp %s seed %u: %s (%s) %.1f ms; host calls=%" PRIu64
		       " bad_frames=%" PRIu64 " spurious=%" PRIu64 " pte_writes=%" PRIu64
		       " served=%" PRIu64 " text_changed=%" PRIu64 " (first after call %" PRIu64
		       ", GDT accessed bits %" PRIu64 ")\n%s\n", e->name, seed,
		       pvabi_outcome_name(res.outcome), res.reason, res.run_ms, c->host.calls,
		       c->host.bad_frames, c->host.spurious, c->stats.pte_writes, run.served,
		       run.text_changed, run.first_change, run.accessed_bits, console);
	CU_ASSERT_TRUE(passed(&res));
	CU_ASSERT_PTR_NULL(strstr(console, "not ok"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	CU_ASSERT_TRUE(calls >= COUNT && bad > 0 && spurious > 0 && pte > 0);
	/* the bad frames were refused by the frame server, exactly those the
	 * guest sent; the calls it counted (plus negotiation's) were served */
	CU_ASSERT_EQUAL(c->host.bad_frames, bad);
	CU_ASSERT_TRUE(c->host.calls >= calls && c->host.calls <= calls + 4);
	if (e == &pvabi_engine_kvm)
		CU_ASSERT_EQUAL(c->host.spurious, spurious);
	CU_ASSERT_TRUE(c->host.spurious + c->host.calls >= spurious + calls);
	/* every doorbell was either a call (bad frames among them) or spurious */
	CU_ASSERT_EQUAL(run.served, c->host.calls + c->host.spurious);
	/* page-table entries: written exactly as often as the guest saw,
	 * never into the image */
	CU_ASSERT_EQUAL(c->stats.pte_writes, pte);
	CU_ASSERT_TRUE(run.served > 0);
	CU_ASSERT_EQUAL(run.text_changed, 0);
	CU_ASSERT_TRUE(c->agreed_valid && c->agreed.chosen == newest &&
		       c->agreed.granted == pvp_window_features[PVP_WINDOW_NREVS - 1]);
	CU_ASSERT_EQUAL(c->shutdown_reason, -1);
	pvp_platform_fini(c);
	free(run.text);
	run.text = NULL;
	return 0;
}

static void test_pvp_kvm(void)
{
	if (!hostile_pvp(&pvabi_engine_kvm, 1))
		hostile_pvp(&pvabi_engine_kvm, 7);
}

static void test_pvp_qemu_tcg(void)
{
	if (!hostile_pvp(&pvabi_engine_qemu_tcg, 2))
		hostile_pvp(&pvabi_engine_qemu_tcg, 9);
}

/* The current build's profile, as pvabi run --platform current uses it. */
static int pvp_setup(void)
{
	const char *src = pvabi_test_srcdir();
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load(pvabi_test_path(src, "spec/platform.xml"), &d);
	struct pvabi_registry *reg =
		s ? pvabi_registry_load(pvabi_test_path(src, "ABI-VERSIONS.xml"), &d) : NULL;

	snprintf(pvp_setup_err, sizeof(pvp_setup_err), "spec or registry did not load");
	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	pvp_setup_ok = s && reg &&
		       !pvabi_profile_from_registry(s, reg, NULL, &pvp_current, pvp_setup_err,
						   sizeof(pvp_setup_err));
	pvabi_registry_free(reg);
	pvabi_spec_free(s);
	return 0;
}

static const struct pvabi_test_case cases[] = {
	{ "kvm", test_kvm },
	{ "qemu_tcg", test_qemu_tcg },
	{ "qemu_kvm", test_qemu_kvm },
	{ "broken_platform_detected", test_broken_platform },
	{ NULL, NULL },
};

static const struct pvabi_test_case pvp_cases[] = {
	{ "kvm", test_pvp_kvm },
	{ "qemu_tcg", test_pvp_qemu_tcg },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "hostile", cases, NULL, NULL },
	{ "hostile_pvp", pvp_cases, pvp_setup, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
