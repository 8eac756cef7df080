/* The devices a guest sees: the doorbell, COM1 (its string output and
 * registers), unknown ports, MMIO and extra port handlers. Each skips,
 * saying why, without a usable /dev/kvm. */
#include "platform/vmm/tests/vmm_fixture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bell {
	unsigned int calls;
	uint8_t value;
	size_t size;
	int fail;
};

static int doorbell(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value)
{
	struct bell *b = ctx;
	uint32_t answer = 0x12345678u + b->calls;

	(void)vcpu;
	b->calls++;
	b->value = value;
	b->size = size;
	if (b->fail)
		return -EPROTO;
	memcpy(mem + 0x7000, &answer, 4);
	return 0;
}

static void test_doorbell(void)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	struct bell b = { 0, 0, 0, 0 };
	struct code c = { .n = 0 };

	NEED_KVM();
	EMIT(&c, 0xc7, 0x05, 0x00, 0x70, 0x00, 0x00, 0, 0, 0, 0); /* movl $0, 0x7000 */
	MOV_EAX(&c, 0x5a);
	MOV_EDX(&c, 0x2f8);
	EMIT(&c, 0xee); /* out %al,%dx */
	LOAD_EAX(&c, 0x7000);
	EXIT_EAX(&c);
	fx_cfg_init(&cfg, img_buf, img_guest(&c, &MB32));
	cfg.doorbell = doorbell;
	cfg.doorbell_ctx = &b;
	cfg.doorbell_port = 0x2f8;
	CU_ASSERT_EQUAL(fx_run_cfg(&cfg, &res), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0x12345678u); /* the guest saw the answer */
	CU_ASSERT_EQUAL(b.calls, 1);
	CU_ASSERT_EQUAL(b.value, 0x5a);
	CU_ASSERT_EQUAL(b.size, MEM);
	CU_ASSERT_EQUAL(res.exits.doorbell, 1);

	/* a failing platform ends the run as a host error */
	b.fail = 1;
	CU_ASSERT_EQUAL(fx_run_cfg(&cfg, &res), -EPROTO);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_HOST_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "doorbell"));

	/* without a doorbell handler the port is just unknown */
	cfg.doorbell = NULL;
	CU_ASSERT_EQUAL(fx_run_cfg(&cfg, &res), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0);
	CU_ASSERT_EQUAL(res.exits.unknown_port_out, 1);
}

/* rep outsb of n bytes at DATA_GPA (across a page boundary) to COM1,
 * with console bytes coalesced in the kernel or not. */
static void console_string(size_t n, enum pvabi_vm_coalesce mode)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	static struct code c;
	static char msg[12000];
	size_t i;

	for (i = 0; i < n; i++)
		msg[i] = (char)('a' + i % 26);
	c.n = 0;
	MOV_ESI(&c, DATA_GPA);
	MOV_ECX(&c, (uint32_t)n);
	MOV_EDX(&c, 0x3f8);
	EMIT(&c, 0xfc, 0xf3, 0x6e); /* cld; rep outsb */
	MOV_EAX(&c, 0);
	EXIT_EAX(&c);
	img_data_at(&c, msg, n);
	fx_cfg_init(&cfg, img_buf, img_guest(&c, &MB32));
	cfg.console_coalesce = mode;
	CU_ASSERT_EQUAL(fx_run_cfg(&cfg, &res), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0);
	CU_ASSERT_EQUAL_FATAL(fx_con_len, n);
	CU_ASSERT_EQUAL(memcmp(fx_con, msg, n), 0);
	CU_ASSERT_EQUAL(res.exits.console_bytes, n);
	if (mode == PVABI_VM_COALESCE_NEVER || (mode == PVABI_VM_COALESCE_AUTO &&
						n <= PVABI_VM_COALESCE_AFTER)) {
		CU_ASSERT_EQUAL(res.exits.coalesced, 0);
		CU_ASSERT_EQUAL(res.exits.console, n); /* KVM: one exit per byte of `rep outsb` */
	}
	if (mode == PVABI_VM_COALESCE_AUTO)
		CU_ASSERT_TRUE(res.exits.console >= (n < PVABI_VM_COALESCE_AFTER ? n
										   : PVABI_VM_COALESCE_AFTER));
	if (getenv("PVABI_TEST_VERBOSE"))
		printf("\n    %zu bytes, mode %d: %llu console exits, %llu queued in the kernel, "
		       "boot %.3f ms, teardown %.3f ms\n", n, (int)mode,
		       (unsigned long long)res.exits.console, (unsigned long long)res.exits.coalesced,
		       res.boot_ns / 1e6, res.teardown_ns / 1e6);
}

static void test_console(void)
{
	enum pvabi_vm_coalesce m;

	NEED_KVM();
	for (m = PVABI_VM_COALESCE_AUTO; m <= PVABI_VM_COALESCE_ALWAYS; m++) {
		console_string(300, m);
		console_string(5000, m);
	}
}

static void test_com1(void)
{
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	NEED_KVM();
	/* LSR */
	MOV_EDX(&c, 0x3fd);
	EMIT(&c, 0xec, 0x0f, 0xb6, 0xc0); /* in %dx,%al; movzbl %al,%eax */
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0x60);

	/* rep insb of 4 LSR reads into memory */
	c.n = 0;
	MOV_EDI(&c, 0x200000);
	MOV_ECX(&c, 4);
	MOV_EDX(&c, 0x3fd);
	EMIT(&c, 0xfc, 0xf3, 0x6c); /* cld; rep insb */
	LOAD_EAX(&c, 0x200000);
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0x60606060u);

	/* scratch register keeps its value; a divisor write is no output */
	c.n = 0;
	MOV_EDX(&c, 0x3ff);
	MOV_EAX(&c, 0xa5);
	EMIT(&c, 0xee);         /* out %al,%dx */
	MOV_EDX(&c, 0x3fb);
	MOV_EAX(&c, 0x80);
	EMIT(&c, 0xee);         /* LCR: DLAB */
	MOV_EDX(&c, 0x3f8);
	MOV_EAX(&c, 0x01);
	EMIT(&c, 0xee);         /* divisor low: not console */
	MOV_EDX(&c, 0x3fb);
	MOV_EAX(&c, 0x03);
	EMIT(&c, 0xee);         /* 8n1, DLAB off */
	MOV_EDX(&c, 0x3f8);
	MOV_EAX(&c, 'Z');
	EMIT(&c, 0xee);         /* console */
	MOV_EDX(&c, 0x3ff);
	EMIT(&c, 0xec, 0x0f, 0xb6, 0xc0);
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xa5);
	CU_ASSERT_STRING_EQUAL(fx_con, "Z");
}

static void test_unknown_ports(void)
{
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	NEED_KVM();
	MOV_EDX(&c, 0x1234);
	MOV_EAX(&c, 0x55);
	EMIT(&c, 0xee, 0xef); /* out %al,%dx; out %eax,%dx */
	EMIT(&c, 0xed);       /* in %dx,%eax */
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xffffffffu);
	CU_ASSERT_EQUAL(res.exits.unknown_port_out, 2);
	CU_ASSERT_EQUAL(res.exits.unknown_port_in, 1);

	/* string input from nowhere: all-ones in memory */
	c.n = 0;
	EMIT(&c, 0xc7, 0x05, 0x00, 0x00, 0x20, 0x00, 0, 0, 0, 0); /* movl $0, 0x200000 */
	MOV_EDI(&c, 0x200000);
	MOV_ECX(&c, 64);
	MOV_EDX(&c, 0x1234);
	EMIT(&c, 0xfc, 0xf3, 0x6c); /* rep insb */
	LOAD_EAX(&c, 0x20003c);
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xffffffffu);
	CU_ASSERT_TRUE(res.exits.unknown_port_in >= 1);
}

static void test_mmio(void)
{
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	NEED_KVM();
	MOV_EBX(&c, 0xd0000000u);
	EMIT(&c, 0xc7, 0x03, 1, 0, 0, 0); /* movl $1,(%ebx) */
	EMIT(&c, 0x8b, 0x03);             /* mov (%ebx),%eax */
	EXIT_EAX(&c);
	CU_ASSERT_EQUAL(fx_run_code(&c, &MB32, &res), PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xffffffffu);
	CU_ASSERT_EQUAL(res.exits.mmio_write, 1);
	CU_ASSERT_EQUAL(res.exits.mmio_read, 1);
}


struct portlog {
	unsigned int outs, ins;
	uint16_t port;
	unsigned int size;
	uint32_t last;
	int fail;
};

static int p_out(void *ctx, uint16_t port, unsigned int size, uint32_t value)
{
	struct portlog *l = ctx;

	l->outs++;
	l->port = port;
	l->size = size;
	l->last = value;
	return l->fail;
}

static int p_in(void *ctx, uint16_t port, unsigned int size, uint32_t *value)
{
	struct portlog *l = ctx;

	l->ins++;
	l->port = port;
	l->size = size;
	*value = l->last + 1;
	return 0;
}

static void test_port_handlers(void)
{
	struct portlog log = { 0, 0, 0, 0, 0, 0 };
	struct pvabi_vm_ioport ports[1] = { { 0x520, 4, p_in, p_out, &log } };
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	struct code c = { .n = 0 };

	NEED_KVM();
	MOV_EDX(&c, 0x522);
	MOV_EAX(&c, 0xabcd1234u);
	EMIT(&c, 0xef, 0xed); /* out %eax,%dx; in %dx,%eax */
	EXIT_EAX(&c);
	fx_cfg_init(&cfg, img_buf, img_guest(&c, &MB32));
	cfg.ports = ports;
	cfg.nports = 1;
	CU_ASSERT_EQUAL(fx_run_cfg(&cfg, &res), 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_EXITED);
	CU_ASSERT_EQUAL(res.exit_value, 0xabcd1235u);
	CU_ASSERT_EQUAL(log.outs, 1);
	CU_ASSERT_EQUAL(log.ins, 1);
	CU_ASSERT_EQUAL(log.port, 0x522);
	CU_ASSERT_EQUAL(log.size, 4);
	CU_ASSERT_EQUAL(res.exits.port_handler, 2);
	log.fail = 1;
	CU_ASSERT_EQUAL(fx_run_cfg(&cfg, &res), -EIO);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_HOST_ERROR);
}

const struct pvabi_test_case vmm_device_cases[] = {
	{ "doorbell", test_doorbell },
	{ "console string", test_console },
	{ "COM1 registers", test_com1 },
	{ "unknown ports", test_unknown_ports },
	{ "MMIO", test_mmio },
	{ "port handlers", test_port_handlers },
	{ NULL, NULL },
};
