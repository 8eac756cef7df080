/* A guest with two vCPUs, for the engines' tests (tests/test-engine-smp):
 * it asks for them with the note, starts vCPU 1 and makes calls from
 * both. The test's platform answers each call with the number of the
 * vCPU that rang, so the guest sees whether the engine named the right
 * one; under the pvp platform (`pvabi run`) a call is an unknown op.
 *
 *   mode=ring       calls from vCPU 0, 1, 0, then stops vCPU 1, starts
 *                   it again and calls from it: each call must be
 *                   answered with its caller's number (PASS, else FAIL);
 *                   SKIP when vCPU 1 never starts (an engine with one
 *                   vCPU)
 *   mode=nostart    never starts vCPU 1 (PASS)
 *   mode=ap-spin    starts vCPU 1, which spins waiting for a job, and
 *                   exits PASS from vCPU 0 at once
 *   mode=both-spin  starts vCPU 1, then vCPU 0 spins too (TIMEOUT)
 *   mode=ap-exit    vCPU 1 ends the run with status SKIP
 *   mode=ap-triple  vCPU 1 triple-faults (SHUTDOWN) */
#include "guest/rt/cmdline.h"
#include "guest/rt/io.h"
#include "guest/rt/runtime.h"
#include "guest/rt/smp.h"
#include "guest/rt/transport.h"

#define FRAME 0x7000
#define DOORBELL 0x2f8
#define OP_WHO 0xfffffff0u /* reserved range: ENOSYS on a pvp platform */
#define START_NS 1000000000ull

PVABI_GUEST_VCPUS(2);

static int64_t who(void *arg)
{
	(void)arg;
	return pvabi_transport_call_raw(&pvabi_transport, OP_WHO, 0, NULL, -1000);
}

static int64_t ap_exit(void *arg)
{
	(void)arg;
	pvabi_exit(PVABI_SKIP);
}

static int64_t ap_triple(void *arg)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) none = { 0, 0 };

	(void)arg;
	__asm__ volatile("lidt %0\n\tud2" : : "m"(none));
	return 0;
}

static enum pvabi_status ring(void)
{
	int64_t got[4];
	int i;

	got[0] = who(NULL);
	got[1] = pvabi_smp_call(who, NULL);
	got[2] = who(NULL);
	/* stopped and started again, as the suite does around a scenario */
	pvabi_smp_stop();
	if (pvabi_smp_running() || pvabi_smp_start(START_NS)) {
		pvabi_printf("# vCPU 1 did not start again after it stopped\n");
		return PVABI_FAIL;
	}
	got[3] = pvabi_smp_call(who, NULL);
	for (i = 0; i < 4; i++)
		pvabi_printf("# call %d from vCPU %d answered %lld\n", i, i & 1, (long long)got[i]);
	for (i = 0; i < 4; i++)
		if (got[i] != (i & 1))
			return PVABI_FAIL;
	return PVABI_PASS;
}

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	char mode[16] = "ring";

	pvabi_cmdline_get(cmdline, "mode", mode, sizeof(mode));
	pvabi_printf("# smp guest: mode=%s\n", mode);
	pvabi_transport_init(&pvabi_transport, FRAME, DOORBELL);
	if (!strncmp(mode, "nostart", 8))
		return PVABI_PASS;
	if (pvabi_smp_start(START_NS)) {
		pvabi_printf("# vCPU 1 did not start\n");
		return PVABI_SKIP;
	}
	pvabi_printf("# vCPU 1 runs\n");
	if (!strncmp(mode, "ap-spin", 8))
		return PVABI_PASS;
	if (!strncmp(mode, "both-spin", 10))
		for (;;)
			cpu_relax();
	if (!strncmp(mode, "ap-exit", 8))
		pvabi_smp_call(ap_exit, NULL);
	if (!strncmp(mode, "ap-triple", 10))
		pvabi_smp_call(ap_triple, NULL);
	return ring();
}
