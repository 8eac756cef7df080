/* Everything before the first KVM_RUN: the caller's configuration, the
 * image, guest RAM with the boot data, the VM with its one memory slot,
 * the boot vCPU and its initial state.
 *
 * Every vCPU ioctl costs several microseconds on hosts where KVM is
 * nested or emulated, so the initial registers go in through
 * KVM_CAP_SYNC_REGS with the first KVM_RUN (no SET_REGS/SET_SREGS) where
 * the host has it. */
#include "platform/vmm/vmm_internal.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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

static int check_ports(struct vm *v)
{
	const struct pvabi_vm_config *c = v->cfg;
	size_t i, k;

	if (c->nports > PVABI_VM_MAX_PORTS || (c->nports && !c->ports))
		return vmm_finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
				  "%zu port handlers: at most %d, and a table", c->nports,
				  PVABI_VM_MAX_PORTS);
	for (i = 0; i < c->nports; i++) {
		const struct pvabi_vm_ioport *p = &c->ports[i];

		if (p->count == 0 || (unsigned int)p->base + p->count > 0x10000u ||
		    reserved_port_range(c, p->base, p->count))
			return vmm_finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
					  "port handler %zu: ports 0x%x+%u are empty, beyond 0xffff, or "
					  "taken by isa-debug-exit, COM1 or the doorbell", i, p->base,
					  p->count);
		for (k = 0; k < i; k++)
			if (ranges_overlap(p->base, p->count, c->ports[k].base, c->ports[k].count))
				return vmm_finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
						  "port handlers %zu and %zu overlap", k, i);
	}
	return 0;
}

int vmm_check_config(struct vm *v)
{
	const struct pvabi_vm_config *c = v->cfg;
	size_t cl = c->cmdline ? strlen(c->cmdline) : 0;

	if (!c->image && !c->image_data)
		return vmm_finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL, "no image given");
	v->mem_size = c->mem_size ? c->mem_size : PVABI_VM_DEFAULT_MEM;
	if (v->mem_size < PVABI_VM_MIN_MEM || v->mem_size > PVABI_VM_MAX_MEM || v->mem_size % 4096)
		return vmm_finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
				  "guest memory %zu bytes: must be %u MiB to %llu MiB in 4 KiB steps",
				  v->mem_size, PVABI_VM_MIN_MEM >> 20, PVABI_VM_MAX_MEM >> 20);
	if (cl > PVABI_VM_MAX_CMDLINE)
		return vmm_finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
				  "command line is %zu bytes, the limit is %d", cl,
				  PVABI_VM_MAX_CMDLINE);
	if (c->timeout_ms > PVABI_VM_MAX_TIMEOUT_MS)
		return vmm_finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL, "timeout %u ms exceeds %u ms",
				  c->timeout_ms, PVABI_VM_MAX_TIMEOUT_MS);
	if ((unsigned int)c->console_coalesce > PVABI_VM_COALESCE_ALWAYS)
		return vmm_finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
				  "console_coalesce %d is not a mode", (int)c->console_coalesce);
	if (c->doorbell && (c->doorbell_port == PVABI_VM_DEBUG_EXIT_PORT ||
			    ranges_overlap(c->doorbell_port, 1, PVABI_VM_COM1, 8)))
		return vmm_finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
				  "doorbell port 0x%x is taken by isa-debug-exit or COM1",
				  c->doorbell_port);
	if (c->vcpus > PVABI_VM_MAX_VCPUS)
		return vmm_finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL, "%u vCPUs: at most %d",
				  c->vcpus, PVABI_VM_MAX_VCPUS);
	if (c->kvm_pv.ndeny > PVABI_VM_MAX_MSR_DENY || (c->kvm_pv.ndeny && !c->kvm_pv.deny))
		return vmm_finish(v, PVABI_VM_CONFIG_INVALID, -EINVAL,
				  "%zu MSRs to deny: at most %d, and a table", c->kvm_pv.ndeny,
				  PVABI_VM_MAX_MSR_DENY);
	return check_ports(v);
}

/* ---- the image -------------------------------------------------------- */

static int image_read_fd(struct vm *v, int fd, const char *path)
{
	struct stat st;
	size_t got = 0;

	if (fstat(fd, &st) < 0)
		return vmm_finish(v, PVABI_VM_IMAGE_INVALID, -errno, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return vmm_finish(v, PVABI_VM_IMAGE_INVALID, -EINVAL, "%s is not a regular file",
				  path);
	if (st.st_size > (off_t)PVABI_VM_MAX_IMAGE)
		return vmm_finish(v, PVABI_VM_IMAGE_INVALID, -EFBIG,
				  "%s is %lld bytes, larger than the %u MiB limit", path,
				  (long long)st.st_size, PVABI_VM_MAX_IMAGE >> 20);
	v->image_len = (size_t)st.st_size;
	v->image_owned = malloc(v->image_len ? v->image_len : 1);
	if (!v->image_owned)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -ENOMEM, "out of memory reading %s", path);
	v->image = v->image_owned;
	while (got < v->image_len) {
		ssize_t n = read(fd, v->image_owned + got, v->image_len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return vmm_finish(v, PVABI_VM_IMAGE_INVALID, n < 0 ? -errno : -EIO, "%s: %s",
					  path, n < 0 ? strerror(errno) : "shorter than its size");
		got += (size_t)n;
	}
	return 0;
}

/* The image, from cfg->image_data or read whole from cfg->image. */
int vmm_image_read(struct vm *v)
{
	const char *path = v->cfg->image;
	int fd, rc;

	if (!path) {
		v->image = v->cfg->image_data;
		v->image_len = v->cfg->image_size;
		return 0;
	}
	/* A FIFO or a device is refused before open() could wait on it. */
	fd = pvabi_file_open_regular(path, NULL, 0);
	if (fd == -EINVAL || fd == -EISDIR)
		return vmm_finish(v, PVABI_VM_IMAGE_INVALID, fd, "%s is not a regular file", path);
	if (fd < 0)
		return vmm_finish(v, PVABI_VM_IMAGE_INVALID, fd, "cannot open %s: %s", path,
				  strerror(-fd));
	rc = image_read_fd(v, fd, path);
	close(fd);
	return rc;
}

/* ---- guest RAM and the boot data -------------------------------------- */

static void put32(uint8_t *mem, uint64_t gpa, uint32_t x)
{
	memcpy(mem + gpa, &x, 4);
}

static void put64(uint8_t *mem, uint64_t gpa, uint64_t x)
{
	memcpy(mem + gpa, &x, 8);
}

static void boot_multiboot(uint8_t *m, uint64_t upper)
{
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
}

static void boot_pvh(uint8_t *m, uint64_t upper)
{
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
	if (v->img.boot == PVABI_VM_BOOT_MULTIBOOT)
		boot_multiboot(m, upper);
	else
		boot_pvh(m, upper);
}

/* Guest RAM with the image and the boot data in it (validated ranges). */
int vmm_mem_setup(struct vm *v)
{
	unsigned int i;

	v->mem = mmap(NULL, v->mem_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (v->mem == MAP_FAILED) {
		v->mem = NULL;
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "guest memory (%zu MiB): %s",
				  v->mem_size >> 20, strerror(errno));
	}
	for (i = 0; i < v->img.nseg; i++) {
		const struct pvabi_vm_segment *s = &v->img.seg[i];

		memcpy(v->mem + s->paddr, v->image + s->offset, s->filesz);
	}
	boot_data(v);
	return 0;
}

/* ---- the VM and its vCPU ---------------------------------------------- */

int vmm_vm_create(struct vm *v)
{
	struct kvm_userspace_memory_region slot;
	unsigned long long idmap = IDMAP_ADDR;

	do
		v->vmfd = ioctl(v->kvm, KVM_CREATE_VM, 0);
	while (v->vmfd < 0 && errno == EINTR);
	if (v->vmfd < 0)
		return vmm_finish(v, PVABI_VM_UNAVAILABLE, -errno, "KVM_CREATE_VM: %s",
				  strerror(errno));
	if (ioctl(v->vmfd, KVM_SET_TSS_ADDR, TSS_ADDR) < 0 ||
	    ioctl(v->vmfd, KVM_SET_IDENTITY_MAP_ADDR, &idmap) < 0)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno,
				  "KVM_SET_TSS_ADDR/IDENTITY_MAP_ADDR: %s", strerror(errno));
	memset(&slot, 0, sizeof(slot));
	slot.slot = 0;
	slot.guest_phys_addr = 0;
	slot.memory_size = v->mem_size;
	slot.userspace_addr = (uint64_t)(uintptr_t)v->mem;
	if (ioctl(v->vmfd, KVM_SET_USER_MEMORY_REGION, &slot) < 0)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_SET_USER_MEMORY_REGION: %s",
				  strerror(errno));
	return 0;
}

int vmm_vcpu_create(struct vm *v, struct vm_cpu *c)
{
	int sz;

	c->fd = ioctl(v->vmfd, KVM_CREATE_VCPU, (unsigned long)c->id);
	if (c->fd < 0)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_CREATE_VCPU %u: %s", c->id,
				  strerror(errno));
	if (v->run_size)
		return 0;
	sz = ioctl(v->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (sz < (int)sizeof(struct kvm_run))
		return vmm_finish(v, PVABI_VM_HOST_ERROR, sz < 0 ? -errno : -EINVAL,
				  "KVM_GET_VCPU_MMAP_SIZE: %d", sz);
	v->run_size = (size_t)sz;
	return 0;
}

int vmm_run_map(struct vm *v, struct vm_cpu *c)
{
	void *p = mmap(NULL, v->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);

	if (p == MAP_FAILED)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "mmap of the vCPU run page: %s",
				  strerror(errno));
	c->run = p;
	return 0;
}

/* A multiboot loader's hand-over: 32-bit protected mode, flat segments,
 * paging off, EAX magic, EBX the info block. PVH enters the same way. */
int vmm_regs_setup(struct vm *v)
{
	struct kvm_segment code = { .base = 0, .limit = 0xffffffffu, .selector = 0x08, .type = 0xb,
				    .present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1 };
	struct kvm_segment data = code;
	struct kvm_sregs sr;
	struct kvm_regs r;

	data.selector = 0x10;
	data.type = 0x3;
	if (ioctl(v->cpu[0].fd, KVM_GET_SREGS, &sr) < 0)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_GET_SREGS: %s",
				  strerror(errno));
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

	if ((vmm_host.sync & (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS)) ==
	    (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS)) {
		/* applied by the first KVM_RUN; rip comes back after each exit */
		v->sync = KVM_SYNC_X86_REGS;
		v->cpu[0].run->s.regs.regs = r;
		v->cpu[0].run->s.regs.sregs = sr;
		v->cpu[0].run->kvm_dirty_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
		v->cpu[0].run->kvm_valid_regs = KVM_SYNC_X86_REGS;
		return 0;
	}
	if (ioctl(v->cpu[0].fd, KVM_SET_SREGS, &sr) < 0 || ioctl(v->cpu[0].fd, KVM_SET_REGS, &r) < 0)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_SET_SREGS/REGS: %s",
				  strerror(errno));
	return 0;
}
