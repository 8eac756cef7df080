/* Boots: the runtime's empty images, tiny hand-assembled guests that
 * each end one way (exit, triple fault, endless loop, hlt), what a
 * multiboot or PVH kernel finds at entry, and runs from several threads
 * with nothing left behind. Each skips, saying why, without a usable
 * /dev/kvm. */
#include "platform/vmm/tests/vmm_fixture.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void boot_file(const char *rel)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;

	NEED_KVM();
	fx_cfg_init(&cfg, NULL, 0);
	cfg.image = fx_build_path(rel);
	cfg.cmdline = "quiet";
	CU_ASSERT_EQUAL(fx_run_cfg(&cfg, &res), 0);
	if (res.outcome != PVABI_VM_EXITED)
		printf("\n  %s: %s: %s\n%s\n", rel, pvabi_vm_outcome_name(res.outcome), res.reason, fx_con);
	/* the runtime exits with PVABI_EXIT_BASE + status; PASS is 0 */
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0x20);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_con, "TAP version 13"));
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_con, "# PASS"));
	CU_ASSERT_TRUE(res.exits.console + res.exits.coalesced >= 1);
	CU_ASSERT_EQUAL(res.exits.console_bytes, fx_con_len);
	CU_ASSERT_TRUE(res.boot_ns > 0 && res.setup_ns > 0 && res.teardown_ns > 0);
	CU_ASSERT_EQUAL(res.error, 0);
}

static void test_empty(void)
{
	boot_file("guest/empty.elf");
}

static void test_empty_pvh(void)
{
	boot_file("guest/empty-pvh.elf");
}

static void test_exit_values(void)
{
	struct pvabi_vm_result res;
	struct code c;

	NEED_KVM();
	c.n = 0;
	MOV_EAX(&c, 0xdeadbeef);
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xdeadbeef);
	CU_ASSERT_EQUAL(res.exits.total, 1);
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB64, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xdeadbeef);
	CU_ASSERT_EQUAL(fx_run_code(&c, &PVH32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xdeadbeef);

	c.n = 0;
	EMIT(&c, 0xb0, 0x07, 0xe6, 0xf4, 0xf4); /* mov $7,%al; out %al,$0xf4 */
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 7);

	c.n = 0;
	EMIT(&c, 0x66, 0xb8, 0x34, 0x12, 0x66, 0xe7, 0xf4, 0xf4); /* outw 0x1234 */
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0x1234);
}

static void test_triple_fault(void)
{
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	NEED_KVM();
	EMIT(&c, 0x0f, 0x0b); /* ud2 without an IDT */
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_SHUTDOWN);
	CU_ASSERT_EQUAL(res.error, 0);
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static int kick_blocked(void)
{
	sigset_t s;

	pthread_sigmask(SIG_BLOCK, NULL, &s);
	return sigismember(&s, PVABI_VM_KICK_SIGNAL);
}

static void test_timeout(void)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };
	struct timespec t0;
	double ms;

	NEED_KVM();
	EMIT(&c, 0xeb, 0xfe); /* jmp . */
	fx_cfg_init(&cfg, img_buf, img_guest(&c, &MB32));
	cfg.timeout_ms = 500;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CU_ASSERT_EQUAL(fx_run_cfg(&cfg, &res), 0);
	ms = ms_since(&t0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_TIMEOUT);
	CU_ASSERT_TRUE(ms >= 500 && ms < 1500);
	CU_ASSERT_TRUE(res.boot_ns >= 500000000ull);
	CU_ASSERT_TRUE(res.exits.intr >= 1);
	CU_ASSERT_EQUAL(res.rip, LOAD_GPA);
	CU_ASSERT_FALSE(kick_blocked());
	/* the next run is unaffected by the last one's timer */
	c.n = 0;
	MOV_EAX(&c, 1);
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_EXITED);
}

static void test_hlt(void)
{
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	NEED_KVM();
	EMIT(&c, 0xfa, 0xf4); /* cli; hlt */
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_HLT_FOREVER);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "interrupts disabled"));
	CU_ASSERT_EQUAL(res.exits.hlt, 1);
	c.n = 0;
	EMIT(&c, 0xfb, 0x90, 0xf4); /* sti; nop; hlt */
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_HLT_FOREVER);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "interrupts enabled"));
}


/* What a multiboot or PVH kernel finds at entry. */
static uint32_t boot_probe(const struct opts *o, const char *cmdline, void (*body)(struct code *))
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	body(&c);
	EXIT_EAX(&c);
	fx_cfg_init(&cfg, img_buf, img_guest(&c, o));
	cfg.cmdline = cmdline;
	fx_run_cfg(&cfg, &res);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	return res.exit_value;
}

static void b_nothing(struct code *c)
{
	(void)c;
}

static void b_ebx(struct code *c)
{
	EMIT(c, 0x89, 0xd8); /* mov %ebx,%eax */
}

static void b_flags(struct code *c)
{
	EMIT(c, 0x8b, 0x03); /* mov (%ebx),%eax */
}

static void b_mem_upper(struct code *c)
{
	EMIT(c, 0x8b, 0x43, 0x08);
}

static void b_mb_cmdline(struct code *c)
{
	EMIT(c, 0x8b, 0x73, 0x10, 0x8b, 0x06); /* mov 16(%ebx),%esi; mov (%esi),%eax */
}

static void b_pvh_cmdline(struct code *c)
{
	EMIT(c, 0x8b, 0x73, 0x18, 0x8b, 0x06); /* mov 24(%ebx),%esi; mov (%esi),%eax */
}

static void b_cs(struct code *c)
{
	EMIT(c, 0x8c, 0xc8); /* mov %cs,%eax */
}

static void b_cpuid(struct code *c)
{
	MOV_EAX(c, 0x40000000u);
	EMIT(c, 0x0f, 0xa2, 0x89, 0xd8); /* cpuid; mov %ebx,%eax */
}

static void test_boot_info(void)
{
	NEED_KVM();
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_nothing), 0x2BADB002u);
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_ebx), 0x1040);
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_flags) & 0x5, 0x5);
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_mem_upper), (MEM - 0x100000) / 1024);
	CU_ASSERT_EQUAL(boot_probe(&MB32, "abcd efg", b_mb_cmdline), 0x64636261u);
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_mb_cmdline), 0);
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_cs), 0x08);
	CU_ASSERT_EQUAL(boot_probe(&PVH32, NULL, b_flags), 0x336ec578u);
	CU_ASSERT_EQUAL(boot_probe(&PVH32, "wxyz", b_pvh_cmdline), 0x7a797877u);
	CU_ASSERT_EQUAL(boot_probe(&MB32, NULL, b_cpuid), 0x42415650u); /* "PVAB" */
}


static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n++;
	closedir(d);
	return n;
}

/* Runs in another thread: a guest that never ends, its own timeout. */
static void *looper(void *arg)
{
	static struct pvabi_vm_result res;
	static uint8_t img[PAYLOAD_OFF + 16];
	static const uint8_t loop[] = { 0xeb, 0xfe };
	struct pvabi_vm_config cfg;

	(void)arg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.image_data = img;
	cfg.image_size = img_build(img, loop, sizeof(loop), &MB32);
	cfg.timeout_ms = 300;
	pvabi_vm_run(&cfg, &res);
	return &res;
}

static void test_lifecycle(void)
{
	struct pvabi_vm_result res, *lres = NULL;
	struct code c = { .n = 0 };
	pthread_t t;
	int before, i;

	NEED_KVM();
	MOV_EAX(&c, 3);
	EXIT_EAX(&c);
	img_guest(&c, &MB32);
	fx_run_code(&c, &MB32, &res); /* first run: process-wide set-up done */
	before = count_fds();
	/* one VM looping in another thread while this one runs several */
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, looper, NULL), 0);
	for (i = 0; i < 20; i++) {
		CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_EXITED);
		CU_ASSERT_EQUAL(res.exit_value, 3);
	}
	pthread_join(t, (void **)&lres);
	CU_ASSERT_EQUAL(lres->outcome, PVABI_VM_TIMEOUT);
	CU_ASSERT_TRUE(lres->boot_ns >= 300000000ull && lres->boot_ns < 1300000000ull);
	CU_ASSERT_EQUAL(count_fds(), before);
	CU_ASSERT_FALSE(kick_blocked());
}

const struct pvabi_test_case vmm_boot_cases[] = {
	{ "empty.elf", test_empty },
	{ "empty-pvh.elf", test_empty_pvh },
	{ "exit values", test_exit_values },
	{ "triple fault", test_triple_fault },
	{ "timeout", test_timeout },
	{ "hlt", test_hlt },
	{ "boot info", test_boot_info },
	{ "lifecycle and threads", test_lifecycle },
	{ NULL, NULL },
};
