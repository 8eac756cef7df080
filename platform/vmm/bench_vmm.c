/* Benchmark of the VMM: whole VM lifecycles (create, load empty.elf, run
 * to its exit, tear down) per second in one process and in two, and the
 * boot-to-exit time of empty.elf, against baselines measured in the same
 * run: a bare KVM lifecycle (create VM, memory slot, vCPU, close: the
 * floor any VMM over this /dev/kvm pays) and a one-instruction guest (the
 * VMM's own cost without the guest's). Also what a chatty guest's console
 * costs with and without coalescing. Writes $PVABI_BENCH_RESULTS/vmm.json.
 * Skips (exit 0) without a usable /dev/kvm. Never fails on timing.
 *
 *   bench-vmm [SECONDS]   (per measurement, default 2; env PVABI_VM_IMAGE) */
#include "platform/vmm/vmm.h"
#include "util/afile.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES 100000

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct stats {
	unsigned int n;
	double per_s, median, p90; /* ms */
};

static void summarize(double *v, unsigned int n, double seconds, struct stats *s)
{
	s->n = n;
	s->per_s = n / seconds;
	qsort(v, n, sizeof(v[0]), cmp_double);
	s->median = n ? v[n / 2] : 0;
	s->p90 = n ? v[n * 9 / 10] : 0;
}

/* ---- what is measured -------------------------------------------------- */

static double life[MAX_SAMPLES], boot[MAX_SAMPLES], setup[MAX_SAMPLES], down[MAX_SAMPLES];
static int failures;
static char last_reason[300];

/* Runs @cfg over and over for @seconds. */
static unsigned int loop_runs(const struct pvabi_vm_config *cfg, double seconds)
{
	double end = now_ms() + seconds * 1e3;
	unsigned int n = 0;

	while (n < MAX_SAMPLES && now_ms() < end) {
		struct pvabi_vm_result res;
		double t0 = now_ms();

		pvabi_vm_run(cfg, &res);
		life[n] = now_ms() - t0;
		boot[n] = res.boot_ns / 1e6;
		setup[n] = res.setup_ns / 1e6;
		down[n] = res.teardown_ns / 1e6;
		if (res.outcome != PVABI_VM_EXITED) {
			failures++;
			snprintf(last_reason, sizeof(last_reason), "%s: %s",
				 pvabi_vm_outcome_name(res.outcome), res.reason);
		}
		n++;
	}
	return n;
}

/* The floor: what KVM itself costs for a VM that never runs. */
static int bare_lifecycle(void)
{
	struct kvm_userspace_memory_region r;
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC), vm = -1, vcpu = -1, rc = -1;
	void *mem = MAP_FAILED;

	if (kvm < 0)
		return -1;
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		goto out;
	mem = mmap(NULL, PVABI_VM_DEFAULT_MEM, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		goto out;
	memset(&r, 0, sizeof(r));
	r.memory_size = PVABI_VM_DEFAULT_MEM;
	r.userspace_addr = (uint64_t)(uintptr_t)mem;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r) < 0)
		goto out;
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	rc = vcpu < 0 ? -1 : 0;
out:
	if (vcpu >= 0)
		close(vcpu);
	if (vm >= 0)
		close(vm);
	if (mem != MAP_FAILED)
		munmap(mem, PVABI_VM_DEFAULT_MEM);
	close(kvm);
	return rc;
}

static unsigned int loop_bare(double seconds)
{
	double end = now_ms() + seconds * 1e3;
	unsigned int n = 0;

	while (n < MAX_SAMPLES && now_ms() < end) {
		double t0 = now_ms();

		if (bare_lifecycle())
			failures++;
		life[n++] = now_ms() - t0;
	}
	return n;
}

/* ---- guests built in memory ------------------------------------------- */

static uint8_t tiny_img[0x200], chatty_img[0x2000];

/* ELF32 multiboot image: the payload at 1 MiB, entered at its start. */
static size_t build(uint8_t *out, const uint8_t *payload, size_t n)
{
	Elf32_Ehdr e;
	Elf32_Phdr p;
	uint32_t mb[3] = { 0x1BADB002u, 0, (uint32_t)-0x1BADB002u };

	memset(out, 0, 0x100);
	memset(&e, 0, sizeof(e));
	memcpy(e.e_ident, ELFMAG, SELFMAG);
	e.e_ident[EI_CLASS] = ELFCLASS32;
	e.e_ident[EI_DATA] = ELFDATA2LSB;
	e.e_ident[EI_VERSION] = EV_CURRENT;
	e.e_type = ET_EXEC;
	e.e_machine = EM_386;
	e.e_version = EV_CURRENT;
	e.e_entry = 0x100000;
	e.e_phoff = sizeof(e);
	e.e_ehsize = sizeof(e);
	e.e_phentsize = sizeof(p);
	e.e_phnum = 1;
	memset(&p, 0, sizeof(p));
	p.p_type = PT_LOAD;
	p.p_offset = 0x100;
	p.p_vaddr = p.p_paddr = 0x100000;
	p.p_filesz = p.p_memsz = (Elf32_Word)n;
	memcpy(out, &e, sizeof(e));
	memcpy(out + sizeof(e), &p, sizeof(p));
	memcpy(out + 0x80, mb, sizeof(mb));
	memcpy(out + 0x100, payload, n);
	return 0x100 + n;
}

/* out %eax,$0xf4 with eax = 0 */
static size_t tiny_guest(void)
{
	static const uint8_t code[] = { 0x31, 0xc0, 0xe7, 0xf4, 0xfa, 0xf4 };

	return build(tiny_img, code, sizeof(code));
}

/* rep outsb of @n bytes (a TAP-sized console run), then exit */
#define CHATTY_BYTES 4000
static size_t chatty_guest(void)
{
	static uint8_t code[0x40 + CHATTY_BYTES];
	static const uint8_t head[] = {
		0xbe, 0x40, 0x00, 0x10, 0x00,                        /* mov $0x100040,%esi */
		0xb9, CHATTY_BYTES & 0xff, CHATTY_BYTES >> 8, 0, 0,  /* mov $n,%ecx */
		0x66, 0xba, 0xf8, 0x03,                              /* mov $0x3f8,%dx */
		0xfc, 0xf3, 0x6e,                                    /* cld; rep outsb */
		0x31, 0xc0, 0xe7, 0xf4, 0xfa, 0xf4,                  /* exit 0 */
	};
	size_t i;

	memset(code, 0x90, sizeof(code));
	memcpy(code, head, sizeof(head));
	for (i = 0; i < CHATTY_BYTES; i++)
		code[0x40 + i] = (uint8_t)(i % 64 == 63 ? '\n' : 'a' + i % 26);
	return build(chatty_img, code, sizeof(code));
}

/* ---- two processes ---------------------------------------------------- */

/* Each child runs lifecycles for @seconds and writes its count. */
static double parallel(const struct pvabi_vm_config *cfg, int procs, double seconds)
{
	unsigned int total = 0;
	pid_t pid[8];
	int fds[8][2], i;
	double t0 = now_ms(), wall;

	for (i = 0; i < procs; i++) {
		if (pipe(fds[i]) < 0)
			return -1;
		pid[i] = fork();
		if (pid[i] == 0) {
			unsigned int n = loop_runs(cfg, seconds);
			ssize_t w;

			close(fds[i][0]);
			w = write(fds[i][1], &n, sizeof(n));
			_exit(w == (ssize_t)sizeof(n) && !failures ? 0 : 1);
		}
		close(fds[i][1]);
	}
	for (i = 0; i < procs; i++) {
		unsigned int n = 0;
		int st;

		if (pid[i] > 0) {
			if (read(fds[i][0], &n, sizeof(n)) == (ssize_t)sizeof(n))
				total += n;
			while (waitpid(pid[i], &st, 0) < 0 && errno == EINTR)
				;
			if (!WIFEXITED(st) || WEXITSTATUS(st))
				failures++;
		}
		close(fds[i][0]);
	}
	wall = (now_ms() - t0) / 1e3;
	return total / wall;
}

int main(int argc, char **argv)
{
	const char *res_dir = getenv("PVABI_BENCH_RESULTS"), *env = getenv("PVABI_VM_IMAGE");
	struct stats empty, empty_boot, empty_setup, empty_down, tiny, tiny_boot, tiny_setup, tiny_down,
		bare;
	struct pvabi_vm_config cfg, tcfg, ccfg;
	double seconds = 2, two, chatty[3] = { 0, 0, 0 }, chatty_boot[3] = { 0, 0, 0 };
	char image[4096], why[200], out[4096], err[512];
	struct pvabi_afile a;
	unsigned int n;
	FILE *f;
	int m;

	if (argc > 1) {
		seconds = atof(argv[1]);
		if (seconds <= 0 || seconds > 600) {
			fprintf(stderr, "usage: bench-vmm [SECONDS]\n");
			return 2;
		}
	}
	if (pvabi_vm_probe(why, sizeof(why))) {
		printf("bench-vmm: skipped: no usable /dev/kvm: %s\n", why);
		return 0;
	}
	if (env && *env) {
		snprintf(image, sizeof(image), "%s", env);
	} else {
		/* $(O)/bench/bench-vmm -> $(O)/guest/empty.elf */
		const char *slash = strrchr(argv[0], '/');

		snprintf(image, sizeof(image), "%.*s/../guest/empty.elf",
			 slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
	}
	if (access(image, R_OK)) {
		fprintf(stderr, "bench-vmm: %s: %s (make guests, or set PVABI_VM_IMAGE)\n", image,
			strerror(errno));
		return 1;
	}

	memset(&cfg, 0, sizeof(cfg));
	cfg.image = image;
	cfg.timeout_ms = 5000;
	memset(&tcfg, 0, sizeof(tcfg));
	tcfg.image_data = tiny_img;
	tcfg.image_size = tiny_guest();
	tcfg.timeout_ms = 5000;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.image_data = chatty_img;
	ccfg.image_size = chatty_guest();
	ccfg.timeout_ms = 5000;

	loop_runs(&cfg, 0.2); /* warm up: process-wide set-up, caches */

	n = loop_runs(&cfg, seconds);
	summarize(boot, n, seconds, &empty_boot);
	summarize(setup, n, seconds, &empty_setup);
	summarize(down, n, seconds, &empty_down);
	summarize(life, n, seconds, &empty);
	n = loop_runs(&tcfg, seconds / 2);
	summarize(boot, n, seconds / 2, &tiny_boot);
	summarize(setup, n, seconds / 2, &tiny_setup);
	summarize(down, n, seconds / 2, &tiny_down);
	summarize(life, n, seconds / 2, &tiny);
	n = loop_bare(seconds / 2);
	summarize(life, n, seconds / 2, &bare);
	two = parallel(&cfg, 2, seconds);
	for (m = PVABI_VM_COALESCE_AUTO; m <= PVABI_VM_COALESCE_ALWAYS; m++) {
		struct stats s, b;

		ccfg.console_coalesce = (enum pvabi_vm_coalesce)m;
		n = loop_runs(&ccfg, seconds / 4);
		summarize(boot, n, seconds / 4, &b);
		summarize(life, n, seconds / 4, &s);
		chatty[m] = s.median;
		chatty_boot[m] = b.median;
	}

	printf("empty.elf lifecycle, 1 process: %.0f/s (median %.3f ms, p90 %.3f ms; setup %.3f, "
	       "boot-to-exit %.3f, teardown %.3f ms median)\n",
	       empty.per_s, empty.median, empty.p90, empty_setup.median, empty_boot.median,
	       empty_down.median);
	printf("empty.elf lifecycle, 2 processes: %.0f/s (x%.2f of 1 process)\n", two,
	       two / empty.per_s);
	printf("empty.elf boot-to-exit: median %.3f ms, p90 %.3f ms\n", empty_boot.median,
	       empty_boot.p90);
	printf("baseline one-instruction guest lifecycle: %.0f/s (median %.3f ms; setup %.3f, "
	       "boot-to-exit %.3f, teardown %.3f ms median)\n", tiny.per_s, tiny.median,
	       tiny_setup.median, tiny_boot.median, tiny_down.median);
	printf("baseline bare KVM lifecycle (create VM, slot, vCPU, close; no run): %.0f/s "
	       "(median %.3f ms)\n", bare.per_s, bare.median);
	printf("ratio empty.elf/bare lifecycle: %.2f; VMM overhead over bare (tiny guest): %.3f ms\n",
	       empty.median / bare.median, tiny.median - bare.median);
	printf("%d-byte console guest lifecycle (boot): auto %.2f ms (%.2f), never %.2f ms (%.2f), "
	       "always %.2f ms (%.2f)\n", CHATTY_BYTES, chatty[0], chatty_boot[0], chatty[1],
	       chatty_boot[1], chatty[2], chatty_boot[2]);
	if (failures)
		printf("bench-vmm: %d runs did not exit cleanly (last: %s)\n", failures, last_reason);

	snprintf(out, sizeof(out), "%s/vmm.json", res_dir ? res_dir : ".");
	if (pvabi_afile_open(&a, out, err, sizeof(err)) == 0) {
		f = a.f;
		fprintf(f, "{\"seconds_per_measurement\":%.2f,"
			   "\"empty_lifecycles_per_s_1proc\":%.1f,\"empty_lifecycles_per_s_2proc\":%.1f,"
			   "\"empty_lifecycle_ms_median\":%.4f,\"empty_lifecycle_ms_p90\":%.4f,"
			   "\"empty_setup_ms_median\":%.4f,\"empty_boot_to_exit_ms_median\":%.4f,"
			   "\"empty_boot_to_exit_ms_p90\":%.4f,\"empty_teardown_ms_median\":%.4f,"
			   "\"tiny_lifecycles_per_s\":%.1f,\"tiny_lifecycle_ms_median\":%.4f,"
			   "\"tiny_setup_ms_median\":%.4f,\"tiny_boot_to_exit_ms_median\":%.4f,"
			   "\"tiny_teardown_ms_median\":%.4f,"
			   "\"baseline\":\"bare KVM lifecycle without a run\","
			   "\"bare_lifecycles_per_s\":%.1f,\"bare_lifecycle_ms_median\":%.4f,"
			   "\"ratio_empty_to_bare\":%.3f,"
			   "\"chatty_bytes\":%d,\"chatty_lifecycle_ms_auto\":%.4f,"
			   "\"chatty_lifecycle_ms_never\":%.4f,\"chatty_lifecycle_ms_always\":%.4f,"
			   "\"failures\":%d}\n",
			seconds, empty.per_s, two, empty.median, empty.p90, empty_setup.median,
			empty_boot.median, empty_boot.p90, empty_down.median, tiny.per_s, tiny.median,
			tiny_setup.median, tiny_boot.median, tiny_down.median,
			bare.per_s, bare.median, empty.median / bare.median, CHATTY_BYTES, chatty[0],
			chatty[1], chatty[2], failures);
		if (pvabi_afile_commit(&a, err, sizeof(err)))
			fprintf(stderr, "bench-vmm: %s\n", err);
	} else {
		fprintf(stderr, "bench-vmm: %s\n", err);
	}
	return failures ? 1 : 0;
}
