/* The VMM: one VM, one vCPU, one memory slot, a KVM_RUN loop that serves
 * port I/O in-process (kvmtool style). See vmm.h for what the guest sees.
 *
 * Costs that shaped it: every vCPU ioctl costs several microseconds on
 * hosts where KVM is nested or emulated, so the initial registers go in
 * through KVM_CAP_SYNC_REGS with the first KVM_RUN (no SET_REGS/SET_SREGS)
 * and rip comes back the same way; nothing is read back per exit. Closing
 * the VM is most of a lifecycle and is not ours to shorten.
 *
 * KVM's instruction emulator runs `rep outsb` one element per exit, so a
 * console line costs one userspace round trip per byte. COM1's THR can be
 * a coalesced PIO zone instead: the bytes queue in the ring page without
 * leaving the kernel, and the ring is drained, in order, before each exit
 * is handled and when the run ends. But any in-kernel I/O device makes
 * the VM's destruction expensive (measured: close(vm) 0.4 ms -> 15 ms, or
 * 2-7 ms to unregister the zone first), so by default the zone is only
 * registered once a guest has proven chatty (PVABI_VM_COALESCE_AFTER
 * bytes through exits), and it is unregistered before the VM is closed.
 *
 * Everything the run page says is checked before use (port access sizes,
 * counts, data offsets, MMIO lengths): the kernel writes it, but from what
 * the guest did. */
#include "platform/vmm/vmm.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

#define KVM_DEV "/dev/kvm"
#define KVM_API 12

/* Outside guest RAM (which ends at 3 GiB at most), as QEMU and kvmtool. */
#define TSS_ADDR 0xfffbd000ul
#define IDMAP_ADDR 0xfffbc000ull

/* The boot data page, [0x1000, 0x2000). */
#define GDT_GPA 0x1000u
#define INFO_GPA 0x1040u
#define MMAP_GPA 0x1100u
#define LOADER_GPA 0x1200u
#define CMDLINE_GPA 0x1400u
#define STACK_TOP 0x1000u
#define LOADER_NAME "pvabi-vm"

#define MB_BOOT_MAGIC 0x2BADB002u
#define PVH_MAGIC 0x336ec578u

/* COM1 registers (offsets from 0x3f8) and the values it reads. */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7
#define UART_LCR_DLAB 0x80
#define UART_LSR_IDLE 0x60 /* THR empty, transmitter empty, no data */
#define UART_MSR_IDLE 0xb0 /* DCD, DSR, CTS */

#define CPUID_SIG "PVABIPVABIPV"

/* The coalesced ring: one page of the vCPU mapping on x86. */
#define RING_PAGE 4096u
#define RING_MAX ((RING_PAGE - sizeof(struct kvm_coalesced_mmio_ring)) / \
		  sizeof(struct kvm_coalesced_mmio))

struct vm {
	const struct pvabi_vm_config *cfg;
	struct pvabi_vm_result *res;
	const uint8_t *image;
	size_t image_len;
	uint8_t *image_owned; /* read from a file */
	struct pvabi_vm_image img;
	size_t mem_size;
	uint8_t *mem;
	int kvm, vmfd, vcpu;
	struct kvm_run *run;
	size_t run_size;
	struct kvm_coalesced_mmio_ring *ring_page; /* where KVM has one */
	struct kvm_coalesced_mmio_ring *ring;      /* once the zone is registered */
	uint64_t sync;            /* KVM_SYNC_X86_* in use */
	timer_t timer;
	int timer_ok;
	sigset_t old_mask;
	int mask_set;
	uint64_t deadline_ns;
	uint8_t lcr, mcr, ier, scr, dll, dlm; /* COM1 */
};

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

const char *pvabi_vm_outcome_name(enum pvabi_vm_outcome o)
{
	static const char *const n[] = {
		"exited", "shutdown", "internal-error", "timeout", "hlt-forever",
		"unavailable", "image-invalid", "config-invalid", "host-error",
	};

	return (unsigned int)o < sizeof(n) / sizeof(n[0]) ? n[o] : "?";
}

/* Sets the outcome, its errno and its one-line reason; returns @err. */
__attribute__((format(printf, 4, 5))) static int finish(struct vm *v, enum pvabi_vm_outcome o,
							int err, const char *fmt, ...)
{
	va_list ap;

	v->res->outcome = o;
	v->res->error = err;
	va_start(ap, fmt);
	vsnprintf(v->res->reason, sizeof(v->res->reason), fmt, ap);
	va_end(ap);
	return err;
}

/* ---- configuration ---------------------------------------------------- */

static int ranges_overlap(unsigned int a, unsigned int an, unsigned int b, unsigned int bn)
{
	return a < b + bn && b < a + an;
}

/* A port range the VMM serves itself, or the doorbell: extra handlers
 * may not take it. */
static int reserved_port_range(const struct pvabi_vm_config *c, unsigned int base, unsigned int n)
{
	return ranges_overlap(base, n, PVABI_VM_DEBUG_EXIT_PORT, 1) ||
	       ranges_overlap(base, n, PVABI_VM_COM1, 8) ||
	       (c->doorbell && ranges_overlap(base, n, c->doorbell_port, 1));
}

static int check_config(struct vm *v)
{
	const struct pvabi_vm_config *c = v->cfg;
	size_t i, k, cl = c->cmdline ? strlen(c->cmdline) : 0;

	if (!c->image && !c->image_data)
		return finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL, "no image given");
	v->mem_size = c->mem_size ? c->mem_size : PVABI_VM_DEFAULT_MEM;
	if (v->mem_size < PVABI_VM_MIN_MEM || v->mem_size > PVABI_VM_MAX_MEM || v->mem_size % 4096)
		return finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
			      "guest memory %zu bytes: must be %u MiB to %llu MiB in 4 KiB steps",
			      v->mem_size, PVABI_VM_MIN_MEM >> 20, PVABI_VM_MAX_MEM >> 20);
	if (cl > PVABI_VM_MAX_CMDLINE)
		return finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
			      "command line is %zu bytes, the limit is %d", cl, PVABI_VM_MAX_CMDLINE);
	if (c->timeout_ms > PVABI_VM_MAX_TIMEOUT_MS)
		return finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL, "timeout %u ms exceeds %u ms",
			      c->timeout_ms, PVABI_VM_MAX_TIMEOUT_MS);
	if ((unsigned int)c->console_coalesce > PVABI_VM_COALESCE_ALWAYS)
		return finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL, "console_coalesce %d is not a mode",
			      (int)c->console_coalesce);
	if (c->doorbell && (c->doorbell_port == PVABI_VM_DEBUG_EXIT_PORT ||
			    ranges_overlap(c->doorbell_port, 1, PVABI_VM_COM1, 8)))
		return finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
			      "doorbell port 0x%x is taken by isa-debug-exit or COM1", c->doorbell_port);
	if (c->nports > PVABI_VM_MAX_PORTS || (c->nports && !c->ports))
		return finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
			      "%zu port handlers: at most %d, and a table", c->nports, PVABI_VM_MAX_PORTS);
	for (i = 0; i < c->nports; i++) {
		const struct pvabi_vm_ioport *p = &c->ports[i];

		if (p->count == 0 || (unsigned int)p->base + p->count > 0x10000u ||
		    reserved_port_range(c, p->base, p->count))
			return finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
				      "port handler %zu: ports 0x%x+%u are empty, beyond 0xffff, or "
				      "taken by isa-debug-exit, COM1 or the doorbell", i, p->base, p->count);
		for (k = 0; k < i; k++)
			if (ranges_overlap(p->base, p->count, c->ports[k].base, c->ports[k].count))
				return finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
					      "port handlers %zu and %zu overlap", k, i);
	}
	return 0;
}

/* ---- the image -------------------------------------------------------- */

static int image_read(struct vm *v)
{
	const char *path = v->cfg->image;
	struct stat st;
	size_t got = 0;
	int fd, rc;

	if (!path) {
		v->image = v->cfg->image_data;
		v->image_len = v->cfg->image_size;
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return finish(v, PVABI_VM_IMAGE_INVALID, -errno, "cannot open %s: %s", path,
			      strerror(errno));
	if (fstat(fd, &st) < 0) {
		rc = finish(v, PVABI_VM_IMAGE_INVALID, -errno, "%s: %s", path, strerror(errno));
		goto out_fd;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = finish(v, PVABI_VM_IMAGE_INVALID, -EINVAL, "%s is not a regular file", path);
		goto out_fd;
	}
	if (st.st_size > (off_t)PVABI_VM_MAX_IMAGE) {
		rc = finish(v, PVABI_VM_IMAGE_INVALID, -EFBIG,
			    "%s is %lld bytes, larger than the %u MiB limit", path,
			    (long long)st.st_size, PVABI_VM_MAX_IMAGE >> 20);
		goto out_fd;
	}
	v->image_len = (size_t)st.st_size;
	v->image_owned = malloc(v->image_len ? v->image_len : 1);
	if (!v->image_owned) {
		rc = finish(v, PVABI_VM_HOST_ERROR, -ENOMEM, "out of memory reading %s", path);
		goto out_fd;
	}
	v->image = v->image_owned;
	while (got < v->image_len) {
		ssize_t n = read(fd, v->image_owned + got, v->image_len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = finish(v, PVABI_VM_IMAGE_INVALID, n < 0 ? -errno : -EIO,
				    "%s: %s", path, n < 0 ? strerror(errno) : "shorter than its size");
			goto out_fd;
		}
		got += (size_t)n;
	}
	rc = 0;
out_fd:
	close(fd);
	return rc;
}

static void put32(uint8_t *mem, uint64_t gpa, uint32_t x)
{
	memcpy(mem + gpa, &x, 4);
}

static void put64(uint8_t *mem, uint64_t gpa, uint64_t x)
{
	memcpy(mem + gpa, &x, 8);
}

/* RAM below 640 KiB and from 1 MiB, in both loaders' memory maps. */
static void boot_data(struct vm *v)
{
	static const uint64_t gdt[3] = { 0, 0x00cf9a000000ffffull, 0x00cf92000000ffffull };
	const char *cl = v->cfg->cmdline ? v->cfg->cmdline : "";
	uint64_t upper = v->mem_size - 0x100000u;
	uint8_t *m = v->mem;

	memcpy(m + GDT_GPA, gdt, sizeof(gdt));
	memcpy(m + CMDLINE_GPA, cl, strlen(cl) + 1);
	memcpy(m + LOADER_GPA, LOADER_NAME, sizeof(LOADER_NAME));
	if (v->img.boot == PVABI_VM_BOOT_MULTIBOOT) {
		/* multiboot_info: flags, mem_lower/upper (0), cmdline (2),
		 * mmap (6), boot_loader_name (9) */
		put32(m, INFO_GPA + 0, (1u << 0) | (1u << 2) | (1u << 6) | (1u << 9));
		put32(m, INFO_GPA + 4, 640);
		put32(m, INFO_GPA + 8, (uint32_t)(upper >> 10));
		put32(m, INFO_GPA + 16, CMDLINE_GPA);
		put32(m, INFO_GPA + 44, 2 * 24);
		put32(m, INFO_GPA + 48, MMAP_GPA);
		put32(m, INFO_GPA + 64, LOADER_GPA);
		/* entries: size (20, not counting itself), base, length, type */
		put32(m, MMAP_GPA + 0, 20);
		put64(m, MMAP_GPA + 4, 0);
		put64(m, MMAP_GPA + 12, 0xa0000);
		put32(m, MMAP_GPA + 20, 1);
		put32(m, MMAP_GPA + 24, 20);
		put64(m, MMAP_GPA + 28, 0x100000);
		put64(m, MMAP_GPA + 36, upper);
		put32(m, MMAP_GPA + 44, 1);
	} else {
		/* hvm_start_info v1 and its memory map (addr, size, type) */
		put32(m, INFO_GPA + 0, PVH_MAGIC);
		put32(m, INFO_GPA + 4, 1);
		put64(m, INFO_GPA + 24, CMDLINE_GPA);
		put64(m, INFO_GPA + 40, MMAP_GPA);
		put32(m, INFO_GPA + 48, 2);
		put64(m, MMAP_GPA + 0, 0);
		put64(m, MMAP_GPA + 8, 0xa0000);
		put32(m, MMAP_GPA + 16, 1);
		put64(m, MMAP_GPA + 24, 0x100000);
		put64(m, MMAP_GPA + 32, upper);
		put32(m, MMAP_GPA + 40, 1);
	}
}

/* Guest RAM with the image and the boot data in it (validated ranges). */
static int mem_setup(struct vm *v)
{
	unsigned int i;

	v->mem = mmap(NULL, v->mem_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (v->mem == MAP_FAILED) {
		v->mem = NULL;
		return finish(v, PVABI_VM_HOST_ERROR, -errno, "guest memory (%zu MiB): %s",
			      v->mem_size >> 20, strerror(errno));
	}
	for (i = 0; i < v->img.nseg; i++) {
		const struct pvabi_vm_segment *s = &v->img.seg[i];

		memcpy(v->mem + s->paddr, v->image + s->offset, s->filesz);
	}
	boot_data(v);
	return 0;
}

/* ---- KVM -------------------------------------------------------------- */

/* What this host's KVM offers, learnt once per process: each question
 * is an ioctl of several microseconds, KVM_GET_SUPPORTED_CPUID a few
 * hundred, and the answers do not change while the module is loaded. */
struct host {
	int ready;
	uint32_t sync;           /* KVM_SYNC_X86_* available */
	int ring_page;           /* coalesced ring's page in the vCPU mapping, or 0 */
	struct kvm_cpuid2 *cpuid; /* what KVM supports, with our signature */
};

static pthread_mutex_t host_lock = PTHREAD_MUTEX_INITIALIZER;
static struct host host;

__attribute__((destructor)) static void host_free(void)
{
	free(host.cpuid);
	memset(&host, 0, sizeof(host));
}

/* KVM's paravirtual leaves give way to this VMM's signature. */
static int cpuid_build(int kvm, struct kvm_cpuid2 **out)
{
	static const char sig[] = CPUID_SIG;
	struct kvm_cpuid2 *c;
	struct kvm_cpuid_entry2 *e;
	unsigned int nent = 128, i, k;
	int rc;

	for (;;) {
		/* one spare entry for the signature leaf */
		c = calloc(1, sizeof(*c) + (nent + 1) * sizeof(c->entries[0]));
		if (!c)
			return -ENOMEM;
		c->nent = nent;
		if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, c) == 0)
			break;
		rc = -errno;
		free(c);
		if (rc != -E2BIG || nent >= 4096)
			return rc;
		nent *= 2;
	}
	for (i = k = 0; i < c->nent && i < nent; i++)
		if (c->entries[i].function < 0x40000000u || c->entries[i].function > 0x400000ffu)
			c->entries[k++] = c->entries[i];
	e = &c->entries[k++];
	memset(e, 0, sizeof(*e));
	e->function = 0x40000000u;
	e->eax = 0x40000000u; /* highest hypervisor leaf */
	memcpy(&e->ebx, &sig[0], 4);
	memcpy(&e->ecx, &sig[4], 4);
	memcpy(&e->edx, &sig[8], 4);
	c->nent = k;
	*out = c;
	return 0;
}

/* Checks what this VMM cannot do without; fills @h. */
static int host_learn(int fd, struct host *h, int with_cpuid, char *why, size_t n)
{
	static const struct {
		int cap;
		const char *name;
	} caps[] = {
		{ KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY" },
		{ KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR" },
		{ KVM_CAP_SET_IDENTITY_MAP_ADDR, "KVM_CAP_SET_IDENTITY_MAP_ADDR" },
		{ KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID" },
	};
	size_t i;
	int api, x, rc;

	api = ioctl(fd, KVM_GET_API_VERSION, 0);
	if (api < 0) {
		snprintf(why, n, "%s: KVM_GET_API_VERSION: %s", KVM_DEV, strerror(errno));
		return -ENOTSUP;
	}
	if (api != KVM_API) {
		snprintf(why, n, "%s: KVM_GET_API_VERSION %d, expected %d", KVM_DEV, api, KVM_API);
		return -ENOTSUP;
	}
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (ioctl(fd, KVM_CHECK_EXTENSION, caps[i].cap) <= 0) {
			snprintf(why, n, "%s: no %s", KVM_DEV, caps[i].name);
			return -ENOTSUP;
		}
	x = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS);
	h->sync = x > 0 ? (uint32_t)x : 0;
	h->ring_page = 0;
	if (ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_COALESCED_PIO) > 0) {
		x = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_COALESCED_MMIO);
		h->ring_page = x > 0 ? x : 0;
	}
	if (with_cpuid) {
		rc = cpuid_build(fd, &h->cpuid);
		if (rc) {
			snprintf(why, n, "KVM_GET_SUPPORTED_CPUID: %s", strerror(-rc));
			return rc;
		}
	}
	h->ready = 1;
	return 0;
}

static int kvm_open(int *fdp, char *why, size_t n)
{
	int fd, rc = 0;

	fd = open(KVM_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		snprintf(why, n, "%s: %s", KVM_DEV, strerror(errno));
		return rc;
	}
	pthread_mutex_lock(&host_lock);
	if (!host.ready)
		rc = host_learn(fd, &host, 1, why, n);
	pthread_mutex_unlock(&host_lock);
	if (rc) {
		close(fd);
		return rc;
	}
	*fdp = fd;
	return 0;
}

int pvabi_vm_probe(char *why, size_t n)
{
	struct host h;
	char buf[160] = "";
	int fd, rc;

	fd = open(KVM_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		snprintf(buf, sizeof(buf), "%s: %s", KVM_DEV, strerror(errno));
	} else {
		memset(&h, 0, sizeof(h));
		rc = host_learn(fd, &h, 0, buf, sizeof(buf));
		close(fd);
	}
	if (why && n)
		snprintf(why, n, "%s", buf);
	return rc;
}

static int vm_create(struct vm *v)
{
	struct kvm_userspace_memory_region slot;
	unsigned long long idmap = IDMAP_ADDR;

	do
		v->vmfd = ioctl(v->kvm, KVM_CREATE_VM, 0);
	while (v->vmfd < 0 && errno == EINTR);
	if (v->vmfd < 0)
		return finish(v, PVABI_VM_UNAVAILABLE, -errno, "KVM_CREATE_VM: %s", strerror(errno));
	if (ioctl(v->vmfd, KVM_SET_TSS_ADDR, TSS_ADDR) < 0 ||
	    ioctl(v->vmfd, KVM_SET_IDENTITY_MAP_ADDR, &idmap) < 0)
		return finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_SET_TSS_ADDR/IDENTITY_MAP_ADDR: %s",
			      strerror(errno));
	memset(&slot, 0, sizeof(slot));
	slot.slot = 0;
	slot.guest_phys_addr = 0;
	slot.memory_size = v->mem_size;
	slot.userspace_addr = (uint64_t)(uintptr_t)v->mem;
	if (ioctl(v->vmfd, KVM_SET_USER_MEMORY_REGION, &slot) < 0)
		return finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_SET_USER_MEMORY_REGION: %s",
			      strerror(errno));
	return 0;
}

static int vcpu_create(struct vm *v)
{
	int sz;

	v->vcpu = ioctl(v->vmfd, KVM_CREATE_VCPU, 0);
	if (v->vcpu < 0)
		return finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_CREATE_VCPU: %s", strerror(errno));
	sz = ioctl(v->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (sz < (int)sizeof(struct kvm_run))
		return finish(v, PVABI_VM_HOST_ERROR, sz < 0 ? -errno : -EINVAL,
			      "KVM_GET_VCPU_MMAP_SIZE: %d", sz);
	v->run_size = (size_t)sz;
	return 0;
}

static int run_map(struct vm *v)
{
	void *p = mmap(NULL, v->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->vcpu, 0);

	if (p == MAP_FAILED)
		return finish(v, PVABI_VM_HOST_ERROR, -errno, "mmap of the vCPU run page: %s",
			      strerror(errno));
	v->run = p;
	return 0;
}

/* Where KVM has coalesced PIO, the ring page inside the vCPU mapping. */
static void ring_probe(struct vm *v)
{
	int off = host.ring_page;

	if (off > 0 && (uint64_t)(off + 1) * RING_PAGE <= v->run_size)
		v->ring_page = (struct kvm_coalesced_mmio_ring *)((uint8_t *)v->run +
								  (size_t)off * RING_PAGE);
}

static struct kvm_coalesced_mmio_zone com1_zone(void)
{
	struct kvm_coalesced_mmio_zone z;

	memset(&z, 0, sizeof(z));
	z.addr = PVABI_VM_COM1;
	z.size = 1;
	z.pio = 1;
	return z;
}

/* COM1's THR as a coalesced PIO zone. Not fatal when it fails: the
 * console works the same, one exit per byte. */
static void ring_enable(struct vm *v)
{
	struct kvm_coalesced_mmio_zone z = com1_zone();

	if (!v->ring_page || v->ring)
		return;
	if (ioctl(v->vmfd, KVM_REGISTER_COALESCED_MMIO, &z) < 0) {
		v->ring_page = NULL;
		return;
	}
	v->ring = v->ring_page;
}

static void ring_disable(struct vm *v)
{
	struct kvm_coalesced_mmio_zone z = com1_zone();

	ioctl(v->vmfd, KVM_UNREGISTER_COALESCED_MMIO, &z);
	v->ring = NULL;
}

static int cpuid_setup(struct vm *v)
{
	if (ioctl(v->vcpu, KVM_SET_CPUID2, host.cpuid) < 0)
		return finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_SET_CPUID2: %s", strerror(errno));
	return 0;
}

/* A multiboot loader's hand-over: 32-bit protected mode, flat segments,
 * paging off, EAX magic, EBX the info block. PVH enters the same way. */
static int regs_setup(struct vm *v)
{
	struct kvm_segment code = { .base = 0, .limit = 0xffffffffu, .selector = 0x08, .type = 0xb,
				    .present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1 };
	struct kvm_segment data = code;
	struct kvm_sregs sr;
	struct kvm_regs r;

	data.selector = 0x10;
	data.type = 0x3;
	if (ioctl(v->vcpu, KVM_GET_SREGS, &sr) < 0)
		return finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_GET_SREGS: %s", strerror(errno));
	sr.cs = code;
	sr.ds = sr.es = sr.fs = sr.gs = sr.ss = data;
	sr.gdt.base = GDT_GPA;
	sr.gdt.limit = 3 * 8 - 1;
	sr.idt.base = 0;
	sr.idt.limit = 0; /* no IDT: a fault before the guest installs one ends the run */
	sr.cr0 = 0x11;    /* PE | ET */
	sr.cr3 = 0;
	sr.cr4 = 0;
	sr.efer = 0;
	memset(&r, 0, sizeof(r));
	r.rflags = 0x2;
	r.rip = v->img.entry;
	r.rsp = STACK_TOP;
	r.rax = v->img.boot == PVABI_VM_BOOT_MULTIBOOT ? MB_BOOT_MAGIC : 0;
	r.rbx = INFO_GPA;

	if ((host.sync & (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS)) ==
	    (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS)) {
		/* applied by the first KVM_RUN; rip comes back after each exit */
		v->sync = KVM_SYNC_X86_REGS;
		v->run->s.regs.regs = r;
		v->run->s.regs.sregs = sr;
		v->run->kvm_dirty_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
		v->run->kvm_valid_regs = KVM_SYNC_X86_REGS;
		return 0;
	}
	if (ioctl(v->vcpu, KVM_SET_SREGS, &sr) < 0 || ioctl(v->vcpu, KVM_SET_REGS, &r) < 0)
		return finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_SET_SREGS/REGS: %s", strerror(errno));
	return 0;
}

/* ---- the timeout kick ------------------------------------------------- */

static pthread_once_t kick_once = PTHREAD_ONCE_INIT;
static int kick_once_err;

static void kick_handler(int sig)
{
	(void)sig;
}

/* A default (fatal) or ignored disposition would kill the process or
 * drop the kick when it lands inside KVM_RUN: make it a no-op handler. */
static void kick_install(void)
{
	struct sigaction old, sa;

	if (sigaction(PVABI_VM_KICK_SIGNAL, NULL, &old) < 0) {
		kick_once_err = -errno;
		return;
	}
	if (old.sa_flags & SA_SIGINFO)
		return;
	if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kick_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (sigaction(PVABI_VM_KICK_SIGNAL, &sa, NULL) < 0)
		kick_once_err = -errno;
}

/* Consumes kicks that are pending (blocked) in this thread. */
static void kick_drain(void)
{
	static const struct timespec zero = { 0, 0 };
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, PVABI_VM_KICK_SIGNAL);
	while (sigtimedwait(&s, NULL, &zero) > 0)
		;
}

/* The kick is blocked in this thread, unblocked only inside KVM_RUN; a
 * one-shot timer sends it to this thread at the deadline. */
static int kick_setup(struct vm *v, unsigned int timeout_ms)
{
	union {
		struct kvm_signal_mask m;
		uint8_t raw[sizeof(struct kvm_signal_mask) + 8];
	} km;
	struct sigevent sev;
	struct itimerspec its;
	sigset_t block, inrun;
	int rc;

	pthread_once(&kick_once, kick_install);
	if (kick_once_err)
		return finish(v, PVABI_VM_HOST_ERROR, kick_once_err, "sigaction: %s",
			      strerror(-kick_once_err));
	sigemptyset(&block);
	sigaddset(&block, PVABI_VM_KICK_SIGNAL);
	rc = pthread_sigmask(SIG_BLOCK, &block, &v->old_mask);
	if (rc)
		return finish(v, PVABI_VM_HOST_ERROR, -rc, "pthread_sigmask: %s", strerror(rc));
	v->mask_set = 1;
	inrun = v->old_mask;
	sigdelset(&inrun, PVABI_VM_KICK_SIGNAL);
	km.m.len = 8; /* the kernel's sigset: the first 64 signals */
	memcpy(km.m.sigset, &inrun, 8);
	if (ioctl(v->vcpu, KVM_SET_SIGNAL_MASK, &km.m) < 0)
		return finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_SET_SIGNAL_MASK: %s",
			      strerror(errno));
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = PVABI_VM_KICK_SIGNAL;
	sev.sigev_notify_thread_id = gettid();
	if (timer_create(CLOCK_MONOTONIC, &sev, &v->timer) < 0)
		return finish(v, PVABI_VM_HOST_ERROR, -errno, "timer_create: %s", strerror(errno));
	v->timer_ok = 1;
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = timeout_ms / 1000;
	its.it_value.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
	v->deadline_ns = now_ns() + (uint64_t)timeout_ms * 1000000u;
	if (timer_settime(v->timer, 0, &its, NULL) < 0)
		return finish(v, PVABI_VM_HOST_ERROR, -errno, "timer_settime: %s", strerror(errno));
	return 0;
}

static void kick_teardown(struct vm *v)
{
	if (v->timer_ok)
		timer_delete(v->timer);
	v->timer_ok = 0;
	if (v->mask_set) {
		kick_drain();
		pthread_sigmask(SIG_SETMASK, &v->old_mask, NULL);
	}
	v->mask_set = 0;
}

/* ---- devices ---------------------------------------------------------- */

static uint32_t get_le(const uint8_t *p, unsigned int size)
{
	uint32_t x = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		x |= (uint32_t)p[i] << (8 * i);
	return x;
}

static void put_le(uint8_t *p, unsigned int size, uint32_t x)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		p[i] = (uint8_t)(x >> (8 * i));
}

static void console_out(struct vm *v, const uint8_t *buf, size_t n)
{
	v->res->exits.console_bytes += n;
	if (v->cfg->console)
		v->cfg->console(v->cfg->console_ctx, (const char *)buf, n);
}

static void com1_write(struct vm *v, unsigned int reg, uint8_t x)
{
	int dlab = v->lcr & UART_LCR_DLAB;

	switch (reg) {
	case 0:
		if (dlab)
			v->dll = x;
		else
			console_out(v, &x, 1);
		break;
	case 1:
		if (dlab)
			v->dlm = x;
		else
			v->ier = x & 0x0f;
		break;
	case UART_LCR:
		v->lcr = x;
		break;
	case UART_MCR:
		v->mcr = x & 0x1f;
		break;
	case UART_SCR:
		v->scr = x;
		break;
	default: /* FCR, LSR, MSR: nothing to keep */
		break;
	}
}

static uint8_t com1_read(struct vm *v, unsigned int reg)
{
	int dlab = v->lcr & UART_LCR_DLAB;

	switch (reg) {
	case 0:
		return dlab ? v->dll : 0; /* nothing received */
	case 1:
		return dlab ? v->dlm : v->ier;
	case 2:
		return 0x01; /* IIR: no interrupt pending */
	case UART_LCR:
		return v->lcr;
	case UART_MCR:
		return v->mcr;
	case UART_LSR:
		return UART_LSR_IDLE;
	case UART_MSR:
		return UART_MSR_IDLE;
	default:
		return v->scr;
	}
}

/* COM1 is byte-wide: a wider access touches consecutive registers, bytes
 * past the UART are lost (writes) or all-ones (reads). The common case,
 * THR bytes (`rep outsb`), leaves in one console call. */
static void com1_io(struct vm *v, unsigned int port, int in, unsigned int size,
		    uint32_t count, uint8_t *data)
{
	unsigned int reg0 = port - PVABI_VM_COM1, b;
	uint32_t i;

	if (!in && reg0 == 0 && size == 1 && !(v->lcr & UART_LCR_DLAB)) {
		v->res->exits.console++;
		console_out(v, data, count);
		if (v->cfg->console_coalesce == PVABI_VM_COALESCE_AUTO && !v->ring &&
		    v->res->exits.console_bytes >= PVABI_VM_COALESCE_AFTER)
			ring_enable(v);
		return;
	}
	v->res->exits.com1_other++;
	for (i = 0; i < count; i++)
		for (b = 0; b < size; b++) {
			unsigned int reg = reg0 + b;
			uint8_t *p = data + (size_t)i * size + b;

			if (in)
				*p = reg < 8 ? com1_read(v, reg) : 0xff;
			else if (reg < 8)
				com1_write(v, reg, *p);
		}
}

static const struct pvabi_vm_ioport *find_port(const struct pvabi_vm_config *c, unsigned int port)
{
	size_t i;

	for (i = 0; i < c->nports; i++)
		if (port >= c->ports[i].base && port - c->ports[i].base < c->ports[i].count)
			return &c->ports[i];
	return NULL;
}

/* Port writes KVM queued instead of exiting: only COM1's THR is
 * registered, so with DLAB off they are console bytes, passed on in one
 * call per drain. Indices outside the ring mean a broken ring: it is
 * reset rather than trusted. */
static void ring_drain(struct vm *v)
{
	struct kvm_coalesced_mmio_ring *r = v->ring;
	uint8_t buf[RING_MAX];
	uint32_t first, last;
	size_t n = 0;

	if (!r)
		return;
	first = r->first;
	last = __atomic_load_n(&r->last, __ATOMIC_ACQUIRE);
	if (first >= RING_MAX || last >= RING_MAX) {
		__atomic_store_n(&r->first, last < RING_MAX ? last : 0, __ATOMIC_RELEASE);
		return;
	}
	while (first != last) {
		const struct kvm_coalesced_mmio *e = &r->coalesced_mmio[first];
		uint64_t port = e->phys_addr;
		uint32_t len = e->len;

		if (e->pio && port >= PVABI_VM_COM1 && port < PVABI_VM_COM1 + 8 &&
		    (len == 1 || len == 2 || len == 4)) {
			uint8_t data[4];

			memcpy(data, e->data, len);
			v->res->exits.coalesced++;
			if (port == PVABI_VM_COM1 && len == 1 && !(v->lcr & UART_LCR_DLAB)) {
				buf[n++] = data[0];
			} else {
				if (n)
					console_out(v, buf, n);
				n = 0;
				com1_io(v, (unsigned int)port, 0, len, 1, data);
			}
		}
		first = (first + 1) % (uint32_t)RING_MAX;
	}
	if (n)
		console_out(v, buf, n);
	__atomic_store_n(&r->first, first, __ATOMIC_RELEASE);
}

/* ---- exits ------------------------------------------------------------ */

/* 1 to run on, 0 when the run ended (outcome set), <0 host error. */
static int handle_io(struct vm *v)
{
	const struct pvabi_vm_config *c = v->cfg;
	struct pvabi_vm_exits *x = &v->res->exits;
	/* Read each field once. */
	unsigned int dir = v->run->io.direction, size = v->run->io.size, port = v->run->io.port;
	uint32_t count = v->run->io.count, i;
	uint64_t off = v->run->io.data_offset;
	const struct pvabi_vm_ioport *h;
	uint8_t *data;
	int in = dir == KVM_EXIT_IO_IN;

	x->io++;
	if ((dir != KVM_EXIT_IO_IN && dir != KVM_EXIT_IO_OUT) ||
	    (size != 1 && size != 2 && size != 4) || count == 0 || off > v->run_size ||
	    (uint64_t)size * count > v->run_size - off)
		return finish(v, PVABI_VM_INTERNAL_ERROR, 0,
			      "malformed port I/O exit: port 0x%x direction %u size %u count %u "
			      "data offset 0x%llx", port, dir, size, count, (unsigned long long)off);
	data = (uint8_t *)v->run + off;

	if (port == PVABI_VM_DEBUG_EXIT_PORT && !in) {
		v->res->exit_value = get_le(data, size);
		return finish(v, PVABI_VM_EXITED, 0, "isa-debug-exit value 0x%x (%u-byte write)",
			      v->res->exit_value, size);
	}
	if (port >= PVABI_VM_COM1 && port < PVABI_VM_COM1 + 8) {
		com1_io(v, port, in, size, count, data);
		return 1;
	}
	if (c->doorbell && port == c->doorbell_port && !in) {
		for (i = 0; i < count; i++) {
			int rc;

			x->doorbell++;
			rc = c->doorbell(c->doorbell_ctx, v->mem, v->mem_size, data[(size_t)i * size]);
			if (rc)
				return finish(v, PVABI_VM_HOST_ERROR, rc < 0 ? rc : -EIO,
					      "doorbell handler failed (%d) on port 0x%x", rc, port);
		}
		return 1;
	}
	h = find_port(c, port);
	if (h) {
		for (i = 0; i < count; i++) {
			uint8_t *p = data + (size_t)i * size;
			uint32_t val = UINT32_MAX;
			int rc = 0;

			x->port_handler++;
			if (in) {
				if (h->in)
					rc = h->in(h->ctx, (uint16_t)port, size, &val);
				put_le(p, size, val);
			} else if (h->out) {
				rc = h->out(h->ctx, (uint16_t)port, size, get_le(p, size));
			}
			if (rc)
				return finish(v, PVABI_VM_HOST_ERROR, rc < 0 ? rc : -EIO,
					      "port handler failed (%d) on %s of port 0x%x", rc,
					      in ? "in" : "out", port);
		}
		return 1;
	}
	if (in) {
		x->unknown_port_in++;
		memset(data, 0xff, (size_t)size * count);
	} else {
		x->unknown_port_out++;
	}
	return 1;
}

static const char *internal_error_name(uint32_t sub)
{
	switch (sub) {
	case KVM_INTERNAL_ERROR_EMULATION:
		return "emulation failure";
	case KVM_INTERNAL_ERROR_SIMUL_EX:
		return "exception while delivering an exception";
	case KVM_INTERNAL_ERROR_DELIVERY_EV:
		return "event delivery failed";
	case KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON:
		return "unexpected exit reason";
	default:
		return "unknown suberror";
	}
}

static int handle_exit(struct vm *v)
{
	struct kvm_run *run = v->run;
	struct pvabi_vm_exits *x = &v->res->exits;
	uint32_t reason = run->exit_reason;

	switch (reason) {
	case KVM_EXIT_IO:
		return handle_io(v);
	case KVM_EXIT_MMIO: {
		uint32_t len = run->mmio.len;

		if (len == 0 || len > sizeof(run->mmio.data)) {
			x->other++;
			return finish(v, PVABI_VM_INTERNAL_ERROR, 0, "malformed MMIO exit: length %u",
				      len);
		}
		if (run->mmio.is_write) {
			x->mmio_write++;
		} else {
			x->mmio_read++;
			memset(run->mmio.data, 0xff, len);
		}
		return 1;
	}
	case KVM_EXIT_HLT:
		x->hlt++;
		/* No interrupt source exists in this VM: a halted vCPU never
		 * wakes, whatever its interrupt flag says. */
		return finish(v, PVABI_VM_HLT_FOREVER, 0,
			      run->if_flag ? "hlt with interrupts enabled at rip 0x%llx (this VM has "
					     "no interrupt source)"
					   : "hlt with interrupts disabled at rip 0x%llx",
			      (unsigned long long)v->res->rip);
	case KVM_EXIT_INTR:
		x->intr++;
		kick_drain();
		return 1;
	case KVM_EXIT_SHUTDOWN:
		x->other++;
		return finish(v, PVABI_VM_SHUTDOWN, 0, "triple fault (KVM_EXIT_SHUTDOWN), last rip 0x%llx",
			      (unsigned long long)v->res->rip);
	case KVM_EXIT_SYSTEM_EVENT:
		x->other++;
		return finish(v, PVABI_VM_SHUTDOWN, 0, "system event %u (shutdown, reset or crash)",
			      run->system_event.type);
	case KVM_EXIT_INTERNAL_ERROR: {
		uint32_t sub = run->internal.suberror, nd = run->internal.ndata;

		x->other++;
		if (nd > 16)
			nd = 16;
		return finish(v, PVABI_VM_INTERNAL_ERROR, 0,
			      "KVM internal error %u (%s) at rip 0x%llx, data %u: 0x%llx 0x%llx", sub,
			      internal_error_name(sub), (unsigned long long)v->res->rip, nd,
			      nd > 0 ? (unsigned long long)run->internal.data[0] : 0ull,
			      nd > 1 ? (unsigned long long)run->internal.data[1] : 0ull);
	}
	case KVM_EXIT_FAIL_ENTRY:
		x->other++;
		return finish(v, PVABI_VM_INTERNAL_ERROR, 0,
			      "VM entry failed, hardware reason 0x%llx",
			      (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
	default:
		x->other++;
		return finish(v, PVABI_VM_INTERNAL_ERROR, 0, "unexpected exit reason %u", reason);
	}
}

static int timed_out(struct vm *v, unsigned int timeout_ms)
{
	return finish(v, PVABI_VM_TIMEOUT, 0, "no exit within %u ms (rip 0x%llx, %llu exits)",
		      timeout_ms, (unsigned long long)v->res->rip,
		      (unsigned long long)v->res->exits.total);
}

static int vm_loop(struct vm *v, unsigned int timeout_ms)
{
	for (;;) {
		int rc = ioctl(v->vcpu, KVM_RUN, 0), err = errno;

		v->res->exits.total++;
		if (v->sync)
			v->res->rip = v->run->s.regs.regs.rip;
		ring_drain(v);
		if (rc < 0) {
			if (err != EINTR && err != EAGAIN)
				return finish(v, PVABI_VM_INTERNAL_ERROR, 0, "KVM_RUN: %s", strerror(err));
			v->res->exits.intr++;
			kick_drain();
		} else {
			rc = handle_exit(v);
			if (rc <= 0)
				return rc;
		}
		if (now_ns() >= v->deadline_ns)
			return timed_out(v, timeout_ms);
	}
}

int pvabi_vm_run(const struct pvabi_vm_config *cfg, struct pvabi_vm_result *res)
{
	unsigned int timeout_ms;
	uint64_t t0, t1, t2 = 0;
	struct vm v;
	char why[160];
	int rc;

	if (!res)
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	memset(&v, 0, sizeof(v));
	v.cfg = cfg;
	v.res = res;
	v.kvm = v.vmfd = v.vcpu = -1;
	if (!cfg)
		return finish(&v, PVABI_VM_CONFIG_INVALID, -EINVAL, "no configuration");
	rc = check_config(&v);
	if (rc)
		return rc;
	timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : PVABI_VM_DEFAULT_TIMEOUT_MS;

	rc = image_read(&v);
	if (rc)
		goto out_image;
	rc = pvabi_vm_image_parse(v.image, v.image_len, v.mem_size, &v.img, why, sizeof(why));
	if (rc) {
		finish(&v, PVABI_VM_IMAGE_INVALID, rc, "%s", why);
		goto out_image;
	}

	t0 = now_ns();
	rc = mem_setup(&v);
	if (rc)
		goto out_image;
	rc = kvm_open(&v.kvm, why, sizeof(why));
	if (rc) {
		finish(&v, PVABI_VM_UNAVAILABLE, rc, "%s", why);
		goto out_mem;
	}
	rc = vm_create(&v);
	if (rc)
		goto out_vm;
	rc = vcpu_create(&v);
	if (rc)
		goto out_vcpu;
	rc = run_map(&v);
	if (rc)
		goto out_vcpu;
	ring_probe(&v);
	if (cfg->console_coalesce == PVABI_VM_COALESCE_ALWAYS)
		ring_enable(&v);
	rc = cpuid_setup(&v);
	if (rc)
		goto out_run;
	rc = regs_setup(&v);
	if (rc)
		goto out_run;
	rc = kick_setup(&v, timeout_ms);
	if (rc)
		goto out_kick;

	t1 = now_ns();
	res->setup_ns = t1 - t0;
	rc = vm_loop(&v, timeout_ms);
	ring_drain(&v);
	t2 = now_ns();
	res->boot_ns = t2 - t1;

out_kick:
	kick_teardown(&v);
out_run:
	if (v.ring)
		ring_disable(&v);
	if (v.run)
		munmap(v.run, v.run_size);
out_vcpu:
	if (v.vcpu >= 0)
		close(v.vcpu);
out_vm:
	if (v.vmfd >= 0)
		close(v.vmfd);
	close(v.kvm);
out_mem:
	munmap(v.mem, v.mem_size);
	if (t2)
		res->teardown_ns = now_ns() - t2;
out_image:
	free(v.image_owned);
	return rc;
}
