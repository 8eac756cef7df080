/* pvabi-vm: runs one guest image in the VMM, for manual use, tests and
 * as an --engine-cmd for images that need no platform.
 *
 *   pvabi-vm IMAGE [--cmdline S] [--timeout SECONDS] [--mem MiB]
 *            [--kvm-features MASK] [--deny-msr MSR,...] [--pv-enforce on|off]
 *
 * Without the last three the guest sees the reference platform: no KVM
 * leaf, every KVM MSR #GP where the kernel can enforce that (a line on
 * stderr says when it cannot).
 * The guest's console goes to stdout unchanged (TAP stays parseable); one
 * result line goes to stderr. The exit code and the timeout's unit are
 * `pvabi run`'s (docs/exit-codes.md), so a template can pass {timeout}
 * and the matrix reads the outcome as it reads any engine's. */
#include "conformance/cell.h"
#include "conformance/engine.h"
#include "guest/rt/status.h"
#include "platform/vmm/vmm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: pvabi-vm IMAGE [--cmdline S] [--timeout SECONDS] [--mem MiB]\n"
		   "                [--kvm-features MASK] [--deny-msr MSR,...] [--pv-enforce on|off]\n"
		   "Runs IMAGE (multiboot or PVH ELF) under /dev/kvm. Console to stdout, result to stderr.\n"
		   "--timeout in seconds (default 10, whole milliseconds, fractions rounded up).\n"
		   "--kvm-features: offer KVM's leaves 0x40000000/1, the feature bits masked by MASK\n"
		   "(default: pvabi's signature, no KVM leaf); --deny-msr: MSRs that #GP (MSR filter,\n"
		   "up to %d); --pv-enforce off: let the guest use KVM MSRs it was not offered.\n"
		   "Exit (as 'pvabi run'): 0 pass, 1 fail, 2 usage or invalid image, 3 engine\n"
		   "unavailable, 4 refused, 5 skip, 6 error (host side), 7 crash (exception, triple\n"
		   "fault, halt, an exit value outside the runtime's 0x%x..0x%x), 8 timeout.\n",
		PVABI_VM_MAX_MSR_DENY, PVABI_EXIT_BASE, PVABI_EXIT_BASE + PVABI_STATUS_COUNT - 1);
}

static int number(const char *opt, const char *s, unsigned long lo, unsigned long hi,
		  unsigned long *out)
{
	char *end;
	unsigned long x;

	errno = 0;
	x = strtoul(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-' || x < lo || x > hi) {
		fprintf(stderr, "pvabi-vm: %s '%s': expected a number from %lu to %lu\n", opt, s, lo, hi);
		return -1;
	}
	*out = x;
	return 0;
}

static void console(void *ctx, const char *buf, size_t n)
{
	(void)ctx;
	fwrite(buf, 1, n, stdout);
}

static const char *status_name(uint32_t v)
{
	static const char *const n[PVABI_STATUS_COUNT] = { "pass", "skip", "refused", "error",
							   "fail", "crash" };

	return v >= PVABI_EXIT_BASE && v - PVABI_EXIT_BASE < PVABI_STATUS_COUNT ? n[v - PVABI_EXIT_BASE]
										 : NULL;
}

/* The same mapping as pvabi_run_exit_of (conformance/runcell.c), from
 * the VMM's outcomes. */
static int exit_code(const struct pvabi_vm_result *r)
{
	static const int by_status[PVABI_STATUS_COUNT] = {
		[PVABI_PASS] = PVABI_RUN_EXIT_PASS,       [PVABI_SKIP] = PVABI_RUN_EXIT_SKIP,
		[PVABI_REFUSED] = PVABI_RUN_EXIT_REFUSED, [PVABI_ERROR] = PVABI_RUN_EXIT_ERROR,
		[PVABI_FAIL] = PVABI_RUN_EXIT_FAIL,       [PVABI_CRASH] = PVABI_RUN_EXIT_CRASH,
	};

	switch (r->outcome) {
	case PVABI_VM_EXITED:
		return status_name(r->exit_value) ? by_status[r->exit_value - PVABI_EXIT_BASE]
						   : PVABI_RUN_EXIT_CRASH;
	case PVABI_VM_SHUTDOWN:
	case PVABI_VM_INTERNAL_ERROR:
	case PVABI_VM_HLT_FOREVER:
		return PVABI_RUN_EXIT_CRASH;
	case PVABI_VM_TIMEOUT:
		return PVABI_RUN_EXIT_TIMEOUT;
	case PVABI_VM_UNAVAILABLE:
		return PVABI_RUN_EXIT_UNAVAILABLE;
	case PVABI_VM_IMAGE_INVALID:
	case PVABI_VM_CONFIG_INVALID:
		return PVABI_RUN_EXIT_USAGE;
	case PVABI_VM_HOST_ERROR:
		break;
	}
	return PVABI_RUN_EXIT_ERROR;
}

static uint32_t deny[PVABI_VM_MAX_MSR_DENY];

/* --deny-msr's comma-separated list. */
static int deny_list(struct pvabi_vm_kvm_pv *pv, const char *v)
{
	const char *p = v;
	unsigned long x;
	char *end;

	for (pv->ndeny = 0; *p; p = *end ? end + 1 : end) {
		errno = 0;
		x = strtoul(p, &end, 0);
		if (errno || end == p || (*end && *end != ',') || x > 0xffffffffu ||
		    pv->ndeny == PVABI_VM_MAX_MSR_DENY) {
			fprintf(stderr, "pvabi-vm: --deny-msr '%s': expected up to %d MSR numbers "
					"separated by commas\n", v, PVABI_VM_MAX_MSR_DENY);
			return -1;
		}
		deny[pv->ndeny++] = (uint32_t)x;
	}
	pv->deny = deny;
	return 0;
}

/* The options that shape KVM's PV interface; 1 when @a is none of them. */
static int pv_option(struct pvabi_vm_kvm_pv *pv, const char *a, const char *v)
{
	unsigned long num;

	if (!strcmp(a, "--kvm-features")) {
		if (number(a, v, 0, 0xffffffffu, &num))
			return -1;
		pv->present = 1;
		pv->features = (uint32_t)num;
		return 0;
	}
	if (!strcmp(a, "--deny-msr"))
		return deny_list(pv, v);
	if (!strcmp(a, "--pv-enforce")) {
		if (strcmp(v, "on") && strcmp(v, "off")) {
			fprintf(stderr, "pvabi-vm: --pv-enforce '%s': expected on or off\n", v);
			return -1;
		}
		pv->no_enforce = !strcmp(v, "off");
		return 0;
	}
	return 1;
}

static int option(struct pvabi_vm_config *cfg, const char *a, const char *v)
{
	unsigned long num;
	unsigned int ms;
	char why[256];
	int rc = pv_option(&cfg->kvm_pv, a, v);

	if (rc <= 0)
		return rc;
	if (!strcmp(a, "--cmdline")) {
		if (pvabi_engine_check_cmdline(v, why, sizeof(why)) == 0) {
			cfg->cmdline = v;
			return 0;
		}
	} else if (!strcmp(a, "--timeout")) {
		if (pvabi_engine_parse_timeout(v, &ms, why, sizeof(why)) == 0) {
			cfg->timeout_ms = ms;
			return 0;
		}
	} else {
		if (number(a, v, PVABI_VM_MIN_MEM >> 20, PVABI_VM_MAX_MEM >> 20, &num))
			return -1;
		cfg->mem_size = (size_t)num << 20;
		return 0;
	}
	fprintf(stderr, "pvabi-vm: %s: %s\n", a, why);
	return -1;
}

static int parse(int argc, char **argv, struct pvabi_vm_config *cfg)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		}
		if (a[0] == '-' && a[1]) {
			if (i + 1 >= argc || (strcmp(a, "--cmdline") && strcmp(a, "--timeout") &&
					      strcmp(a, "--mem") && strcmp(a, "--kvm-features") &&
					      strcmp(a, "--deny-msr") && strcmp(a, "--pv-enforce"))) {
				fprintf(stderr, "pvabi-vm: unknown option or missing value: %s\n", a);
				usage(stderr);
				return -1;
			}
			if (option(cfg, a, argv[++i]))
				return -1;
		} else if (!cfg->image) {
			cfg->image = a;
		} else {
			fprintf(stderr, "pvabi-vm: more than one image: %s\n", a);
			return -1;
		}
	}
	if (!cfg->image) {
		usage(stderr);
		return -1;
	}
	return 0;
}

static void report(const struct pvabi_vm_result *res)
{
	const struct pvabi_vm_exits *x = &res->exits;
	struct pvabi_vm_pv_caps caps;

	if (res->outcome == PVABI_VM_EXITED) {
		const char *st = status_name(res->exit_value);

		fprintf(stderr, "pvabi-vm: exited with 0x%x%s%s%s", res->exit_value, st ? " (" : "",
			st ? st : "", st ? ")" : "");
	} else {
		fprintf(stderr, "pvabi-vm: %s: %s", pvabi_vm_outcome_name(res->outcome), res->reason);
	}
	if (res->outcome <= PVABI_VM_HLT_FOREVER)
		fprintf(stderr, "; boot %.3f ms, setup %.3f ms, teardown %.3f ms; %llu exits "
				"(%llu console, %llu doorbell, %llu unknown port, %llu mmio)",
			res->boot_ns / 1e6, res->setup_ns / 1e6, res->teardown_ns / 1e6,
			(unsigned long long)x->total, (unsigned long long)x->console,
			(unsigned long long)x->doorbell,
			(unsigned long long)(x->unknown_port_in + x->unknown_port_out),
			(unsigned long long)(x->mmio_read + x->mmio_write));
	fputc('\n', stderr);
	if (res->outcome <= PVABI_VM_HLT_FOREVER && !res->pv_enforced)
		fprintf(stderr, "pvabi-vm: note: KVM's PV features were not enforced (%s): the guest "
				"could use KVM's MSRs it was not offered\n",
			pvabi_vm_pv_caps(&caps, NULL, 0) == 0 && !caps.enforce
				? "this kernel has no KVM_CAP_ENFORCE_PV_FEATURE_CPUID"
				: "--pv-enforce off");
}

int main(int argc, char **argv)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;

	memset(&cfg, 0, sizeof(cfg));
	if (parse(argc, argv, &cfg))
		return PVABI_RUN_EXIT_USAGE;
	cfg.console = console;
	pvabi_vm_run(&cfg, &res);
	fflush(stdout);
	report(&res);
	return exit_code(&res);
}
