/* The MSR probe guest: checks, at CPL0, which hypervisor CPUID leaves and
 * which MSRs a platform offers, one TAP check per item of its command
 * line (numbers in hex with 0x, or decimal):
 *
 *   sig=STRING        leaf 0x40000000's ebx:ecx:edx is STRING (NUL-padded)
 *   feat=N            leaf 0x40000001's eax is N
 *   msr=ITEM,ITEM...  each ITEM is rd:MSR:EXPECT or wr:MSR:VALUE:EXPECT,
 *                     EXPECT "gp" (the access raises #GP) or "ok" (it
 *                     completes); VALUE "page" is the address of a zeroed
 *                     page of the guest's own with bit 0 set (how kvmclock
 *                     and steal time MSRs are enabled)
 *
 * A fault other than the one expected is a failed check, not a crash. */
#include "guest/rt/cmdline.h"
#include "guest/rt/runtime.h"
#include "guest/rt/tap.h"

#define ITEM_MAX 64

static uint8_t page[4096] __attribute__((aligned(4096)));

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

static void check_sig(struct pvabi_tap *t, const char *want)
{
	char got[13] = { 0 }, exp[13] = { 0 };
	uint32_t r[4];
	unsigned int i;

	cpuid(0x40000000u, r);
	memcpy(got, &r[1], 4);
	memcpy(got + 4, &r[2], 4);
	memcpy(got + 8, &r[3], 4);
	for (i = 0; i < 12 && want[i]; i++)
		exp[i] = want[i];
	pvabi_tap_check(t, !memcmp(got, exp, 12), "cpuid 0x40000000 signature \"%s\" (got \"%s\")",
			exp, got);
}

static void check_feat(struct pvabi_tap *t, const char *s)
{
	const char *p = s;
	uint64_t want;
	uint32_t r[4];

	if (pvabi_cmdline_scan(&p, &want) || *p) {
		pvabi_tap_check(t, 0, "feat=%s: not a number", s);
		return;
	}
	cpuid(0x40000001u, r);
	pvabi_tap_check(t, r[0] == want, "cpuid 0x40000001 eax 0x%x (got 0x%x)", (unsigned int)want,
			r[0]);
}

/* One "rd:MSR:EXPECT" or "wr:MSR:VALUE:EXPECT". */
static void check_msr(struct pvabi_tap *t, const char *item)
{
	const char *p = item + 3;
	uint64_t msr, val = 0;
	int wr = !strncmp(item, "wr:", 3), vec, want_gp;

	if ((!wr && strncmp(item, "rd:", 3)) || pvabi_cmdline_scan(&p, &msr) || *p++ != ':')
		goto bad;
	if (wr && !strncmp(p, "page:", 5)) {
		val = (uint64_t)(uintptr_t)page | 1;
		p += 5;
	} else if (wr && (pvabi_cmdline_scan(&p, &val) || *p++ != ':')) {
		goto bad;
	}
	if (strncmp(p, "gp", 3) && strncmp(p, "ok", 3))
		goto bad;
	want_gp = p[0] == 'g';
	vec = wr ? pvabi_wrmsr_safe((uint32_t)msr, val) : pvabi_rdmsr_safe((uint32_t)msr, &val);
	if (vec < 0)
		pvabi_tap_check(t, !want_gp, "%s 0x%x completes%s (value 0x%llx)", wr ? "wrmsr" : "rdmsr",
				(unsigned int)msr, want_gp ? ", GP expected" : "",
				(unsigned long long)val);
	else
		pvabi_tap_check(t, want_gp && vec == 13, "%s 0x%x raises vector %d%s",
				wr ? "wrmsr" : "rdmsr", (unsigned int)msr, vec,
				want_gp ? "" : ", completion expected");
	return;
bad:
	pvabi_tap_check(t, 0, "msr item \"%s\": expected rd:MSR:gp|ok or wr:MSR:VALUE:gp|ok", item);
}

static void check_msrs(struct pvabi_tap *t, const char *list)
{
	char item[ITEM_MAX];
	unsigned int i;

	while (*list) {
		for (i = 0; *list && *list != ',' && i + 1 < sizeof(item); list++)
			item[i++] = *list;
		item[i] = '\0';
		check_msr(t, item);
		while (*list && *list != ',')
			list++;
		if (*list == ',')
			list++;
	}
}

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	char buf[1024];
	struct pvabi_tap t;

	pvabi_tap_begin(&t, pvabi_console_sink, 0);
	if (!pvabi_cmdline_get(cmdline, "sig", buf, sizeof(buf)))
		check_sig(&t, buf);
	if (!pvabi_cmdline_get(cmdline, "feat", buf, sizeof(buf)))
		check_feat(&t, buf);
	if (!pvabi_cmdline_get(cmdline, "msr", buf, sizeof(buf)))
		check_msrs(&t, buf);
	return pvabi_tap_end(&t);
}
