/* Port I/O and MMIO exits, served in-process (kvmtool style):
 * isa-debug-exit, COM1, the doorbell, cfg->ports, and all-ones for the
 * rest.
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
#include "platform/vmm/vmm_internal.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

/* COM1 registers (offsets from 0x3f8) and the values it reads. */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7
#define UART_LCR_DLAB 0x80
#define UART_LSR_IDLE 0x60 /* THR empty, transmitter empty, no data */
#define UART_MSR_IDLE 0xb0 /* DCD, DSR, CTS */

/* The coalesced ring: one page of the vCPU mapping on x86. */
#define RING_PAGE 4096u
#define RING_MAX ((RING_PAGE - sizeof(struct kvm_coalesced_mmio_ring)) / \
		  sizeof(struct kvm_coalesced_mmio))

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

/* ---- COM1 ------------------------------------------------------------- */

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
			vmm_ring_enable(v);
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

/* ---- the coalesced ring ----------------------------------------------- */

/* Where KVM has coalesced PIO, the ring page inside the vCPU mapping. */
void vmm_ring_probe(struct vm *v)
{
	int off = vmm_host.ring_page;

	if (off > 0 && (uint64_t)(off + 1) * RING_PAGE <= v->run_size)
		v->ring_page = (struct kvm_coalesced_mmio_ring *)((uint8_t *)v->cpu[0].run +
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
void vmm_ring_enable(struct vm *v)
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

void vmm_ring_disable(struct vm *v)
{
	struct kvm_coalesced_mmio_zone z = com1_zone();

	ioctl(v->vmfd, KVM_UNREGISTER_COALESCED_MMIO, &z);
	v->ring = NULL;
}

/* Port writes KVM queued instead of exiting: only COM1's THR is
 * registered, so with DLAB off they are console bytes, passed on in one
 * call per drain. Indices outside the ring mean a broken ring: it is
 * reset rather than trusted. */
void vmm_ring_drain(struct vm *v)
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

/* ---- the doorbell and cfg->ports -------------------------------------- */

/* One callback per byte written, naming the vCPU that wrote it; @data
 * holds @count elements of @size. */
static int doorbell_io(struct vm *v, uint32_t vcpu, unsigned int port, unsigned int size,
		       uint32_t count, const uint8_t *data)
{
	const struct pvabi_vm_config *c = v->cfg;
	uint32_t i;

	for (i = 0; i < count; i++) {
		int rc;

		v->res->exits.doorbell++;
		rc = c->doorbell(c->doorbell_ctx, vcpu, v->mem, v->mem_size, data[(size_t)i * size]);
		if (rc > 0)
			return vmm_finish(v, PVABI_VM_SHUTDOWN, 0,
					  "the platform stopped the guest at its shutdown call");
		if (rc)
			return vmm_finish(v, PVABI_VM_HOST_ERROR, rc,
					  "doorbell handler failed (%d) on port 0x%x", rc, port);
	}
	return 1;
}

static const struct pvabi_vm_ioport *find_port(const struct pvabi_vm_config *c, unsigned int port)
{
	size_t i;

	for (i = 0; i < c->nports; i++)
		if (port >= c->ports[i].base && port - c->ports[i].base < c->ports[i].count)
			return &c->ports[i];
	return NULL;
}

static int port_handler_io(struct vm *v, const struct pvabi_vm_ioport *h, unsigned int port,
			   int in, unsigned int size, uint32_t count, uint8_t *data)
{
	uint32_t i;

	for (i = 0; i < count; i++) {
		uint8_t *p = data + (size_t)i * size;
		uint32_t val = UINT32_MAX;
		int rc = 0;

		v->res->exits.port_handler++;
		if (in) {
			if (h->in)
				rc = h->in(h->ctx, (uint16_t)port, size, &val);
			put_le(p, size, val);
		} else if (h->out) {
			rc = h->out(h->ctx, (uint16_t)port, size, get_le(p, size));
		}
		if (rc)
			return vmm_finish(v, PVABI_VM_HOST_ERROR, rc < 0 ? rc : -EIO,
					  "port handler failed (%d) on %s of port 0x%x", rc,
					  in ? "in" : "out", port);
	}
	return 1;
}

/* ---- exits ------------------------------------------------------------ */

int vmm_handle_io(struct vm *v, struct vm_cpu *cpu)
{
	const struct pvabi_vm_config *c = v->cfg;
	struct pvabi_vm_exits *x = &v->res->exits;
	struct kvm_run *run = cpu->run;
	/* Read each field once. */
	unsigned int dir = run->io.direction, size = run->io.size, port = run->io.port;
	uint32_t count = run->io.count;
	uint64_t off = run->io.data_offset;
	const struct pvabi_vm_ioport *h;
	uint8_t *data;
	int in = dir == KVM_EXIT_IO_IN;

	x->io++;
	if ((dir != KVM_EXIT_IO_IN && dir != KVM_EXIT_IO_OUT) ||
	    (size != 1 && size != 2 && size != 4) || count == 0 || off > v->run_size ||
	    (uint64_t)size * count > v->run_size - off)
		return vmm_finish(v, PVABI_VM_INTERNAL_ERROR, 0,
				  "malformed port I/O exit: port 0x%x direction %u size %u count %u "
				  "data offset 0x%llx", port, dir, size, count,
				  (unsigned long long)off);
	data = (uint8_t *)run + off;

	if (port == PVABI_VM_DEBUG_EXIT_PORT && !in) {
		v->res->exit_value = get_le(data, size);
		return vmm_finish(v, PVABI_VM_EXITED, 0, "isa-debug-exit value 0x%x (%u-byte write)",
				  v->res->exit_value, size);
	}
	if (port >= PVABI_VM_COM1 && port < PVABI_VM_COM1 + 8) {
		com1_io(v, port, in, size, count, data);
		return 1;
	}
	if (c->doorbell && port == c->doorbell_port && !in)
		return doorbell_io(v, cpu->id, port, size, count, data);
	h = find_port(c, port);
	if (h)
		return port_handler_io(v, h, port, in, size, count, data);
	if (in) {
		x->unknown_port_in++;
		memset(data, 0xff, (size_t)size * count);
	} else {
		x->unknown_port_out++;
	}
	return 1;
}

/* Any address outside RAM: reads all-ones, writes are ignored; with
 * several vCPUs, the local APIC's interrupt command register starts
 * them (vmm_apic.c). */
int vmm_handle_mmio(struct vm *v, struct vm_cpu *c)
{
	struct kvm_run *run = c->run;
	struct pvabi_vm_exits *x = &v->res->exits;
	uint32_t len = run->mmio.len;

	if (len == 0 || len > sizeof(run->mmio.data)) {
		x->other++;
		return vmm_finish(v, PVABI_VM_INTERNAL_ERROR, 0, "malformed MMIO exit: length %u",
				  len);
	}
	if (v->ncpus > 1 &&
	    vmm_apic_mmio(v, c, run->mmio.phys_addr, run->mmio.is_write, run->mmio.data, len))
		return 1;
	if (run->mmio.is_write) {
		x->mmio_write++;
	} else {
		x->mmio_read++;
		memset(run->mmio.data, 0xff, len);
	}
	return 1;
}
