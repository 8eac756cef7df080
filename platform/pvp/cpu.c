/* The console and log, shutdown, CPUID and the MSR file. */
#include "platform/pvp/pvp_internal.h"

#include <stdio.h>
#include <string.h>

/* The console and the log share the cell's one sink (o->log). */
static void log_emit(struct pvp_ctx *c, const char *buf, size_t n)
{
	if (c->opt.log)
		c->opt.log(c->opt.log_ctx, buf, n);
}

int64_t pvp_handle_console_write(struct pvp_ctx *c, uint32_t len, struct pvp_gptr buf)
{
	char b[PVP_LIMIT_CONSOLE_LEN_CEILING];

	/* the dispatch refused len above console_len (E2BIG) before
	 * anything was read; this only keeps the copy inside b */
	if (len > sizeof(b))
		return PVP_E2BIG;
	if (pvabi_gmem_read(&c->host, buf.gpa, b, len))
		return PVP_EFAULT;
	log_emit(c, b, len); /* unchanged, unbuffered */
	c->stats.console_bytes += len;
	return len;
}

static const char *level_name(uint32_t level)
{
	static const char *const names[] = { "error", "warning", "notice", "info", "debug" };

	return level >= 3 && level <= 7 ? names[level - 3] : "?";
}

/* One record per call, tagged with level and vCPU, emitted in one sink
 * call so records of several vCPUs never interleave. */
int64_t pvp_handle_log_write(struct pvp_ctx *c, uint32_t level, uint32_t len, struct pvp_gptr buf)
{
	char rec[PVP_LIMIT_LOG_LEN_CEILING + 64];
	uint32_t n = len;
	int h;

	/* the dispatch refused len above log_len (E2BIG), and nothing was
	 * logged; this only keeps the copy inside rec */
	if (len > sizeof(rec) - 64)
		return PVP_E2BIG;
	h = snprintf(rec, 64, "[pvp vcpu%u %s] ", c->vcpu, level_name(level));
	if (h < 0 || h >= 64 || pvabi_gmem_read(&c->host, buf.gpa, rec + h, len))
		return PVP_EFAULT;
	/* the trailing newline is optional and not part of the record */
	if (n && rec[h + n - 1] == '\n')
		n--;
	rec[h + n] = '\n';
	log_emit(c, rec, (size_t)h + n + 1);
	c->stats.log_records++;
	return len; /* always the full len, also for a level a sink drops */
}

/* The dispatch refused reasons the negotiated revision lacks; stopping
 * the vCPUs is the engine's (it sees shutdown_reason). */
int64_t pvp_handle_shutdown(struct pvp_ctx *c, uint32_t reason)
{
	c->shutdown_reason = (int)reason;
	return 0;
}

/* --- CPUID: a fixed table, the same on every host ---------------------- */

struct leaf {
	uint32_t leaf, r[4];
};

/* "PVPlatform86" as vendor; family 6; FPU TSC MSR PAE CX8 APIC SEP PGE
 * CMOV PAT CLFSH FXSR SSE SSE2 / SSE3 SSSE3 CX16 POPCNT hypervisor; syscall,
 * NX, long mode; MAXPHYADDR 40, 48-bit linear addresses. */
static const struct leaf leaves[] = {
	{ 0x00000000, { 1, 0x6c505650, 0x36386d72, 0x6f667461 } },
	{ 0x00000001, { 0x000006f1, 0x00000800, 0x80802201, 0x0709ab71 } },
	{ 0x80000000, { 0x80000008, 0, 0, 0 } },
	{ 0x80000001, { 0, 0, 0x00000001, 0x20100800 } },
	{ 0x80000002, { 0x20707670, 0x74726976, 0x206c6175, 0x20555043 } },
	{ 0x80000003, { 0, 0, 0, 0 } },
	{ 0x80000004, { 0, 0, 0, 0 } },
	{ 0x80000005, { 0, 0, 0, 0 } },
	{ 0x80000006, { 0, 0, 0, 0 } },
	{ 0x80000007, { 0, 0, 0, 0 } },
	{ 0x80000008, { PVP_MAXPHYADDR | 48u << 8, 0, 0, 0 } },
	{ 0x40000000, { 0x40000001, 0x6c505650, 0x6f667461, 0x00006d72 } },
};

/* No leaf of the table has subleaves, so subleaf is ignored. */
int64_t pvp_handle_cpuid(struct pvp_ctx *c, uint32_t leaf, uint32_t subleaf, struct pvp_gptr regs)
{
	const struct pvp_layout_cpuid_regs *l = PVP_LAYOUT(c, cpuid_regs);
	uint32_t r[4] = { 0 };
	uint8_t out[64] = { 0 };
	size_t i, n = l->bytes < regs.size ? l->bytes : (size_t)regs.size;

	(void)subleaf;
	if (leaf == 0x40000001) {
		r[0] = pvp_rev(c);
		r[1] = (uint32_t)c->st.granted;
		r[2] = (uint32_t)(c->st.granted >> 32);
	} else {
		for (i = 0; i < sizeof(leaves) / sizeof(leaves[0]) && leaves[i].leaf != leaf; i++)
			;
		if (i == sizeof(leaves) / sizeof(leaves[0]))
			return PVP_ENOENT;
		memcpy(r, leaves[i].r, sizeof(r));
	}
	n = n < sizeof(out) ? n : sizeof(out);
	pvp_put32(out, n, l->eax, r[0]);
	pvp_put32(out, n, l->ebx, r[1]);
	pvp_put32(out, n, l->ecx, r[2]);
	pvp_put32(out, n, l->edx, r[3]);
	return pvabi_gmem_write(&c->host, regs.gpa, out, n) ? PVP_EFAULT : 0;
}

/* --- MSRs ------------------------------------------------------------- */

enum { M_TSC, M_APIC_BASE, M_PAT, M_EFER, M_STAR, M_LSTAR, M_CSTAR, M_SFMASK,
       M_FS_BASE, M_GS_BASE, M_KGS_BASE, M_TSC_AUX };

static const uint32_t msr_index[PVP_NMSRS] = {
	0x10, 0x1b, 0x277, 0xc0000080, 0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084,
	0xc0000100, 0xc0000101, 0xc0000102, 0xc0000103,
};

#define EFER_SCE (1u << 0)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)
#define EFER_NXE (1u << 11)

#define APIC_BASE_BSP (1u << 8)

/* Reset values: xAPIC enabled at 0xfee00000 (the boot vCPU's bit is
 * pvp_msr_mark_bsp's), the PAT power-on value, long mode active (the
 * guest runs 64-bit code). */
void pvp_msr_reset(struct pvp_vcpu *v)
{
	memset(v->msr, 0, sizeof(v->msr));
	v->msr[M_APIC_BASE] = 0xfee00800;
	v->msr[M_PAT] = UINT64_C(0x0007040600070406);
	v->msr[M_EFER] = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE;
}

/* IA32_APIC_BASE bit 8 marks the boot processor, on one vCPU only, as
 * hardware and KVM (vCPU 0) set it: a guest that picks its BSP by it
 * (Linux's boot_cpu_physical_apicid, an SMP bring-up that skips the BSP)
 * must find exactly one. */
void pvp_msr_mark_bsp(struct pvp_vcpu *v)
{
	v->msr[M_APIC_BASE] |= APIC_BASE_BSP;
}

static int msr_slot(uint32_t index)
{
	int i;

	for (i = 0; i < PVP_NMSRS; i++)
		if (msr_index[i] == index)
			return i;
	return -1;
}

int64_t pvp_handle_read_msr(struct pvp_ctx *c, uint32_t index, struct pvp_gptr value)
{
	int s = msr_slot(index);
	uint64_t v;

	if (s < 0)
		return PVP_ENOENT; /* and the value is not written */
	v = s == M_TSC ? pvp_virtual_tsc(c) : pvp_self(c)->msr[s];
	return pvabi_gmem_write(&c->host, value.gpa, &v, 8) ? PVP_EFAULT : 0;
}

/* 48-bit canonical: bits 63..47 all equal. */
static int canonical(uint64_t a)
{
	return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

static int pat_ok(uint64_t pat)
{
	int i;

	for (i = 0; i < 8; i++) {
		uint8_t t = (uint8_t)(pat >> (8 * i));

		if (t == 2 || t == 3 || t > 7)
			return 0;
	}
	return 1;
}

static int msr_value_ok(int s, uint64_t v)
{
	switch (s) {
	case M_EFER:
		return !(v & ~(uint64_t)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE));
	case M_PAT:
		return pat_ok(v);
	case M_LSTAR: case M_CSTAR: case M_FS_BASE: case M_GS_BASE: case M_KGS_BASE:
		return canonical(v);
	case M_TSC_AUX:
		return v <= 0xffffffffu;
	default:
		return 1;
	}
}

int64_t pvp_handle_write_msr(struct pvp_ctx *c, uint32_t index, uint64_t value)
{
	struct pvp_vcpu *v = pvp_self(c);
	int s = msr_slot(index);

	if (s < 0)
		return PVP_ENOENT;
	if (s == M_TSC || s == M_APIC_BASE)
		return PVP_EPERM; /* read-only: the platform's TSC, the reset APIC base */
	if (!msr_value_ok(s, value))
		return PVP_EINVAL; /* a refused write changes nothing */
	if (s == M_EFER) /* LMA is ignored: it follows the mode, not the write */
		value = (value & ~(uint64_t)EFER_LMA) | (v->msr[M_EFER] & EFER_LMA);
	v->msr[s] = value;
	return 0;
}
