/* `pvabi run` for a spec whose platform is the host kernel (spec/kvm.xml):
 * the column's host profile (conformance/host_profile.h), presented the
 * way the engine can, or why it cannot. */
#include "cli/load.h"
#include "cli/runner/runner.h"
#include "conformance/host_profile.h"

#include <string.h>

static int fill(const struct pvabi_spec *s, const char *release, const char *engine,
		struct pvabi_run_host *h, char *why, size_t n)
{
	struct pvabi_host_profile p;

	if (pvabi_host_profile(s, release, &p, why, n))
		return -1;
	if (pvabi_host_engine_ok(engine, why, n))
		return 1;
	if (!strcmp(engine, "qemu-kvm"))
		return pvabi_host_qemu_cpu(s, &p, h->cpu, sizeof(h->cpu), why, n) ? 1 : 0;
	memcpy(h->deny, p.deny, sizeof(h->deny));
	h->pv.present = 1;
	/* Today's host shows what its kernel offers, unmasked. */
	h->pv.features = p.current ? 0xffffffffu : p.features;
	h->pv.deny = h->deny;
	h->pv.ndeny = p.ndeny;
	h->kvm_pv = &h->pv;
	return 0;
}

int pvabi_run_host(const char *spec, const char *release, const char *engine,
		   struct pvabi_run_host *h, char *why, size_t n)
{
	struct pvabi_spec *s = cli_load_spec(spec);
	int rc = -1;

	memset(h, 0, sizeof(*h));
	if (!s)
		snprintf(why, n, "%s: cannot load the spec", spec);
	else if (!pvabi_host_abi(s))
		rc = 0;
	else
		rc = fill(s, release, engine, h, why, n);
	pvabi_spec_free(s);
	return rc;
}
