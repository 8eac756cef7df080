/* What the report tests share: a scratch directory, sample results
 * (one per verdict, and one with every hostile byte a guest could
 * print) and file helpers. */
#include "conformance/tests/report_fixture.h"
#include "util/file.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define R(a, b) PVABI_NEG_REV(a, b)

char rf_tmp[256];

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(p);
}

int rf_setup(void)
{
	snprintf(rf_tmp, sizeof(rf_tmp), "/tmp/pvabi-report-XXXXXX");
	return mkdtemp(rf_tmp) ? 0 : -1;
}

int rf_teardown(void)
{
	return nftw(rf_tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *rf_at(const char *rel)
{
	return pvabi_test_path(rf_tmp, rel);
}

void rf_put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CU_ASSERT_FATAL(f != NULL);
	fputs(text, f);
	fclose(f);
}

char *rf_slurp(const char *path, size_t *len)
{
	struct pvabi_file_buf b;

	if (len)
		*len = 0;
	if (pvabi_file_read(path, 64u << 20, 0, &b, NULL, 0))
		return NULL;
	if (len)
		*len = b.len;
	return b.data;
}

/* --- sample results -------------------------------------------------------- */

void rf_add_check(struct pvabi_cell_result *r, int ok, int skip, const char *name,
		      const char *diag, double ms)
{
	struct pvabi_check *c;

	r->checks = realloc(r->checks, (r->nchecks + 1) * sizeof(*c));
	c = &r->checks[r->nchecks++];
	memset(c, 0, sizeof(*c));
	c->ok = (uint8_t)ok;
	c->skip = (uint8_t)skip;
	c->ms = ms;
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->diag, sizeof(c->diag), "%s", diag);
	r->passed += ok && !skip;
	r->failed += !ok;
	r->skipped += skip;
}

void rf_sample(struct pvabi_cell_result *r, const char *image, const char *platform,
		   const char *engine, enum pvabi_verdict v, const char *outcome)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->cell.id, sizeof(r->cell.id), "%s~%s~%s", image, platform, engine);
	snprintf(r->cell.image, sizeof(r->cell.image), "%s", image);
	snprintf(r->cell.image_rev, sizeof(r->cell.image_rev), "%.3s", image);
	snprintf(r->cell.image_path, sizeof(r->cell.image_path), "fixtures/guests/%s/conf.elf", image);
	snprintf(r->cell.platform, sizeof(r->cell.platform), "%s", platform);
	snprintf(r->cell.engine, sizeof(r->cell.engine), "%s", engine);
	/* the sample set is one run on two engines */
	snprintf(r->cell.engines, sizeof(r->cell.engines), "kvm,qemu-tcg");
	r->cell.image_frozen = 1;
	r->cell.pred.kind = PVABI_PRED_PASS_LOWER;
	r->cell.pred.rev = R(1, 2);
	r->cell.pred.granted = 0x3;
	snprintf(r->cell.pred.why, sizeof(r->cell.pred.why), "Image %s negotiates 1.2.", image);
	r->verdict = v;
	snprintf(r->outcome, sizeof(r->outcome), "%s", outcome);
	r->exit_code = v == PVABI_V_PASS ? 0 : 1;
	r->negotiated = R(1, 2);
	r->neg_status = PVABI_NEG_OK;
	r->ms = 210.5;
	snprintf(r->guest_record, sizeof(r->guest_record),
		 "{\"side\":\"guest\",\"status\":\"OK\",\"revision\":\"1.2\"}");
	snprintf(r->reason, sizeof(r->reason), "%s", v == PVABI_V_PASS ? "as predicted" : "it broke");
	rf_add_check(r, 1, 0, "negotiate", "", 1.25);
}

/* A result with every hostile byte the guest could have put in it. */
void rf_hostile(struct pvabi_cell_result *r)
{
	rf_sample(r, "2.1-draft", "current", "kvm", PVABI_V_FAIL, "fail");
	snprintf(r->reason, sizeof(r->reason), "<b>&amp; \"quoted\" 'x' \x01\x7f \xff\xfe é ]]>");
	snprintf(r->platform_record, sizeof(r->platform_record), "{\"side\":\"platform\",\"x\":");
	rf_add_check(r, 0, 0, "</check><script>alert(1)</script> \xc3", "diag \"<&>\"\t\x02", 10.5);
	rf_add_check(r, 1, 1, "skipped one", "no feature", 0.5);
}

void rf_result_set(struct pvabi_cell_result *r)
{
	rf_sample(&r[0], "1.0", "current", "kvm", PVABI_V_PASS, "pass");
	rf_sample(&r[1], "2.0", "1.2", "kvm", PVABI_V_PASS, "pass-lower");
	rf_sample(&r[2], "1.0", "1.2", "kvm", PVABI_V_PASS, "refused");
	rf_sample(&r[3], "2.0", "current", "kvm", PVABI_V_CRASH, "crash");
	rf_sample(&r[4], "1.0", "current", "qemu-tcg", PVABI_V_SKIP, "unavailable");
	rf_hostile(&r[5]);
}

void rf_free_set(struct pvabi_cell_result *r)
{
	size_t i;

	for (i = 0; i < RF_NSET; i++)
		pvabi_cell_result_free(&r[i]);
}

