/* The manual shows every declaration the loader accepts, per revision.
 * From the pvp spec, those the fingerprint leaves out but the
 * conformance images hold a platform to: outputs that never go back
 * (<monotonic>), outputs fixed for the guest's life (<fixed>), release after a failed scenario (reset=,
 * restore-from=), returned handles (<ret limit= full= freed-by= order=>
 * and the return's own doc), a limit an op checks itself
 * (handler-limit=), the probes' base arguments (<probe-base>), values
 * that grow (<grows>) and tied checks. From the Xen and KVM specs,
 * format 2's: C names, error aliases, renamed fields and reserved bytes
 * reused, tail growth, a bit the VMM serves, and how a guest picks its
 * revision (<negotiation>). */
#include "emit/emit.h"
#include "abi/load.h"
#include "tests/fixtures.h"
#include "emit/tests/gen_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *manual_of(const char *spec, const char *abi, const char *rev)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load(pvabi_test_path(pvabi_test_srcdir(), spec), &d);
	char dir[] = "/tmp/pvabi-docs-decl-XXXXXX", path[4096];
	struct pvabi_gen g = { .spec = s, .spec_name = spec, .outdir = dir, .d = &d };
	char *md = NULL;

	if (s && mkdtemp(dir)) {
		g.rev = pvabi_spec_rev(s, rev);
		snprintf(path, sizeof(path), "%s/%s-%s.md", dir, abi, rev);
		if (g.rev >= 0 && pvabi_emit_docs(&g) == 0)
			md = fx_read(path, NULL);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s-%s.html", dir, abi, rev);
		unlink(path);
		rmdir(dir);
	}
	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	pvabi_spec_free(s);
	return md;
}

static char *manual(const char *rev)
{
	return manual_of("spec/platform.xml", "pvp", rev);
}

/* The text of op name's section in md (up to the next op), or "". */
static const char *section(char *md, const char *name)
{
	char anchor[128];
	char *at, *end;

	snprintf(anchor, sizeof(anchor), "<a id=\"op-%s\"></a>", name);
	if (!(at = strstr(md, anchor)))
		return "";
	if ((end = strstr(at + 1, "<a id=\"op-")) || (end = strstr(at + 1, "\n## ")))
		*end = '\0';
	return at;
}

static void test_monotonic(void)
{
	char *md = manual("2.1"), *old = manual("1.0");

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "#### Values that never go back"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "| `value` | `tsc` | `index=0x10` | ticks at the kHz of `get_time_info:info.tsc_khz`; keeps the rate of `platform` | 1.0 | The TSC"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "| `ret` | `platform` | `(none)` | ns | 1.0 | Never less"));
	/* a reading of a clock is judged as the clock's declaration says */
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "| `info.tsc_timestamp` | `tsc` | `(none)` | ticks at the kHz of "));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "| `ret` | `steal` | `vcpu=0` | ns; rises no faster than, and never above, `platform`; "
				     "across each state it leaves out (`halted`), by little more than across "
				     "as long spent running |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "| `info.system_time_ns` | `time_info` | `(none)` |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "| `ret` | `steal` | `vcpu=0` |"));
	/* get_steal_time is younger than 1.0: its declaration is not there */
	CU_ASSERT_PTR_NOT_NULL(strstr(old, "| `value` | `tsc` | `index=0x10` | ticks at the kHz of `get_time_info:info.tsc_khz`; keeps the rate of `platform` | 1.0 |"));
	CU_ASSERT_PTR_NULL(strstr(old, "`steal`"));
	free(md);
	free(old);
}

/* <fixed>: each declaration under its op with its call, scope and grant;
 * one younger than the manual's revision is not there. */
static void test_fixed(void)
{
	char *md = manual("2.1"), *old = manual("1.0");

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "#### Values fixed for the guest's life"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "| `regs.eax regs.ebx regs.ecx regs.edx` | `leaf=0x40000001 subleaf=0` | the guest's, the same on every vCPU | always | 1.0 | The revision and the grant"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "| `info.tsc_shift info.tsc_to_ns_mul info.tsc_khz` | `(none)` | the guest's, the same on every vCPU | `tsc_stable` | 1.1 |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(old, "| `regs.eax` | `leaf=0x80000000 subleaf=0` |"));
	CU_ASSERT_PTR_NULL(strstr(old, "info.tsc_to_ns_mul info.tsc_khz` |"));
	free(md);
	free(old);
}

static void test_release(void)
{
	char *md = manual("2.1");

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "0 cancels. After a scenario that fails holding what a "
					  "call set, the image calls `set_timer` again with "
					  "`deadline_ns=0`."));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "the image writes back the value "
					  "[`read_msr`](#op-read_msr) read into `value` before the "
					  "scenario's first write."));
	free(md);
}

/* What the images probe after a refused negotiation: on negotiate's
 * page only, in every revision. */
static void test_refused(void)
{
	char *md = manual("2.1"), *old = manual("1.0");
	const char *head = "#### What a refused negotiation leaves behind";

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(md, head));
	CU_ASSERT_PTR_NULL(strstr(strstr(md, head) + 1, head));
	CU_ASSERT_PTR_NOT_NULL(strstr(old, head));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "each must answer ENOTNEGOTIATED and write no guest memory"));
	CU_ASSERT_PTR_NOT_NULL(strstr(section(md, "negotiate"), head)); /* cuts md */
	free(md);
	free(old);
}

static void test_handles(void)
{
	char *md = manual("2.1"), *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "handles [`evtchn_alloc`](#op-evtchn_alloc) returns "
					  "(none left: ENOSPC)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "[`yield`](#op-yield)`.target_vcpu` (checked by the op)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "Bounded by limit [`vcpus`](#limits), which the op "
					  "checks itself"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "**Probe base**: `table=0xfffffffffffff000 value=0`"));
	s = (char *)section(md, "evtchn_alloc");
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "The port, at least 1 and"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "The value is a handle under limit [`ports`](#limits); "
					 "when none is left the call fails with `ENOSPC`. "
					 "[`evtchn_close`](#op-evtchn_close) frees it; the lowest "
					 "free handle is handed out first."));
	free(md);
}

/* What a refusal leaves of each output: none written (read_msr's value),
 * or the errors its written-on= names (mmu_update_batch's done). */
static void test_refused_outputs(void)
{
	char *md = manual("2.1");

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "| 1 | `value` | `u64` | pointer, out | 1 | - | 1.0 | Receives the "
					  "value. A refused call leaves it as the guest had it, byte "
					  "for byte (judged after every refusal). |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "Written also when the call fails with `EFAULT`, "
					  "`EINVAL`, `ERANGE`; any other refusal leaves it as the "
					  "guest had it"));
	free(md);
}

/* <ignored-bits> on write_msr's value: the bits, the mode and the writes
 * the images read back, from the revision that declares them. */
static void test_ignored(void)
{
	char *md = manual("2.1");
	const char *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	s = section(md, "write_msr");
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "With `index=0xc0000080`: a write ignores `0x400` (read "
				      "back as it was, whatever the value holds there) and stores "
				      "`0x901` as written;"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "EFER: LMA (bit 10) follows the mode"));
	CU_ASSERT_PTR_NULL(strstr(section(md, "read_msr"), "a write ignores"));
	free(md);
}

static void test_grows_tied(void)
{
	char *md = manual("2.1"), *old = manual("1.0");

	CU_ASSERT_PTR_NOT_NULL_FATAL(md);
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "| `regs.eax` | `leaf=0x40000000` | leaf=regs.eax+1, then "
					  "leaf in (regs.eax, 0x80000000): 0x7fffffff, the middle, "
					  "and each side of every power-of-two boundary; each ENOENT, "
					  "outputs untouched | The highest platform leaf. |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "| `answer.platform_max` | `(every call)` | none: not the "
					  "maximum of an argument's range |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "| (check) | `$w+$n` | within 1000000000 ns of the "
					  "host's wall clock (`wall-ns`) between the run's start and "
					  "its timeout plus 5 s | - |"));
	CU_ASSERT_PTR_NULL(strstr(old, "wall-ns")); /* the scenario is 2.0's */
	free(md);
	free(old);
}

static void test_fmt2(void)
{
	char *xen = manual_of("spec/xen.xml", "xen", "4.14.0");
	char *old = manual_of("spec/xen.xml", "xen", "3.0.0");
	char *kvm = manual_of("spec/kvm.xml", "kvm", "6.1.0");

	CU_ASSERT_PTR_NOT_NULL_FATAL(xen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	CU_ASSERT_PTR_NOT_NULL_FATAL(kvm);
	CU_ASSERT_PTR_NOT_NULL(strstr(xen, "- **In C**: `__HYPERVISOR_console_io`"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xen, "| `write` | 0 (`CONSOLEIO_write`) |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xen, "`extraversion (s8[16], xen_extraversion_t)`"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xen, "| `EWOULDBLOCK` | -11 | 3.0.0 | - | In C: "
					   "`XEN_EWOULDBLOCK`. Another name of `EAGAIN`, the same value."));
	CU_ASSERT_PTR_NOT_NULL(strstr(xen, "In bytes of the reserved field `pad1` of earlier revisions."));
	CU_ASSERT_PTR_NOT_NULL(strstr(xen, "Grows at its tail only, up to 4096 bytes"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xen, "A guest picks its revision when it is built, through "
					   "`__XEN_INTERFACE_VERSION__`, and never tells the platform. "
					   "It reads the features from [`xen_version`](#op-xen_version) "
					   "command `get_features`, 32 bits per submap."));
	/* a renamed field, under each revision's name */
	CU_ASSERT_PTR_NOT_NULL(strstr(xen, "| `mem_flags` | `u32` | 1 | 20 | 4 | 3.0.0 | Named "
					   "`address_bits` before 3.2.9. |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(old, "| `address_bits` | `u32` | 1 | 20 | 4 | 3.0.0 | "
					   "Renamed `mem_flags` in 3.2.9. |"));
	CU_ASSERT_PTR_NULL(strstr(old, "| `mem_flags` |"));
	CU_ASSERT_PTR_NOT_NULL(strstr(kvm, "In C: `KVM_FEATURE_MIGRATION_CONTROL`. Served by `vmm`"));
	CU_ASSERT_PTR_NOT_NULL(strstr(kvm, "In C: `struct kvm_steal_time`."));
	free(xen);
	free(old);
	free(kvm);
}

const struct pvabi_test_case docs_decl_cases[] = {
	{ "monotonic", test_monotonic },
	{ "fixed", test_fixed },
	{ "release", test_release },
	{ "refused", test_refused },
	{ "handles_limits_probe_base", test_handles },
	{ "ignored", test_ignored },
	{ "grows_tied", test_grows_tied },
	{ "refused_outputs", test_refused_outputs },
	{ "format_2", test_fmt2 },
	{ NULL, NULL },
};
