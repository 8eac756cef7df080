/* pvabi-vm: runs one guest image in the VMM, for manual use and tests.
 *
 *   pvabi-vm IMAGE [--cmdline S] [--timeout MS] [--mem MiB]
 *
 * The guest's console goes to stdout unchanged (TAP stays parseable); one
 * result line goes to stderr. Exit codes:
 *   0  the guest exited through isa-debug-exit with value 0, or with the
 *      guest runtime's "pass" (PVABI_EXIT_BASE + PVABI_PASS = 0x20)
 *   1  any other guest outcome: another exit value, shutdown, internal
 *      error, timeout, hlt forever
 *   2  usage error, invalid image or configuration
 *   3  the engine is unavailable (/dev/kvm) or failed on the host side */
#include "guest/rt/status.h"
#include "platform/vmm/vmm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: pvabi-vm IMAGE [--cmdline S] [--timeout MS] [--mem MiB]\n"
		   "Runs IMAGE (multiboot or PVH ELF) under /dev/kvm. Console to stdout, result to stderr.\n"
		   "Exit: 0 guest passed (exit value 0 or 0x%x), 1 other guest outcome,\n"
		   "      2 usage or invalid image, 3 engine unavailable or host failure.\n",
		PVABI_EXIT_BASE + PVABI_PASS);
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

int main(int argc, char **argv)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	const struct pvabi_vm_exits *x = &res.exits;
	unsigned long num;
	int i;

	memset(&cfg, 0, sizeof(cfg));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		}
		if (a[0] == '-' && a[1]) {
			if (i + 1 >= argc || (strcmp(a, "--cmdline") && strcmp(a, "--timeout") &&
					      strcmp(a, "--mem"))) {
				fprintf(stderr, "pvabi-vm: unknown option or missing value: %s\n", a);
				usage(stderr);
				return 2;
			}
			if (!strcmp(a, "--cmdline")) {
				cfg.cmdline = argv[++i];
			} else if (!strcmp(a, "--timeout")) {
				if (number(a, argv[++i], 1, PVABI_VM_MAX_TIMEOUT_MS, &num))
					return 2;
				cfg.timeout_ms = (unsigned int)num;
			} else {
				if (number(a, argv[++i], PVABI_VM_MIN_MEM >> 20, PVABI_VM_MAX_MEM >> 20, &num))
					return 2;
				cfg.mem_size = (size_t)num << 20;
			}
		} else if (!cfg.image) {
			cfg.image = a;
		} else {
			fprintf(stderr, "pvabi-vm: more than one image: %s\n", a);
			return 2;
		}
	}
	if (!cfg.image) {
		usage(stderr);
		return 2;
	}
	cfg.console = console;

	pvabi_vm_run(&cfg, &res);
	fflush(stdout);
	if (res.outcome == PVABI_VM_EXITED) {
		const char *st = status_name(res.exit_value);

		fprintf(stderr, "pvabi-vm: exited with 0x%x%s%s%s", res.exit_value, st ? " (" : "",
			st ? st : "", st ? ")" : "");
	} else {
		fprintf(stderr, "pvabi-vm: %s: %s", pvabi_vm_outcome_name(res.outcome), res.reason);
	}
	if (res.outcome <= PVABI_VM_HLT_FOREVER)
		fprintf(stderr, "; boot %.3f ms, setup %.3f ms, teardown %.3f ms; %llu exits "
				"(%llu console, %llu doorbell, %llu unknown port, %llu mmio)",
			res.boot_ns / 1e6, res.setup_ns / 1e6, res.teardown_ns / 1e6,
			(unsigned long long)x->total, (unsigned long long)x->console,
			(unsigned long long)x->doorbell,
			(unsigned long long)(x->unknown_port_in + x->unknown_port_out),
			(unsigned long long)(x->mmio_read + x->mmio_write));
	fputc('\n', stderr);

	switch (res.outcome) {
	case PVABI_VM_EXITED:
		return res.exit_value == 0 || res.exit_value == PVABI_EXIT_BASE + PVABI_PASS ? 0 : 1;
	case PVABI_VM_SHUTDOWN:
	case PVABI_VM_INTERNAL_ERROR:
	case PVABI_VM_TIMEOUT:
	case PVABI_VM_HLT_FOREVER:
		return 1;
	case PVABI_VM_IMAGE_INVALID:
	case PVABI_VM_CONFIG_INVALID:
		return 2;
	default:
		return 3;
	}
}
