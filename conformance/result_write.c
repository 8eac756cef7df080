/* Writing a cell result file: every string may come from a hostile
 * guest's console, so each goes through the one XML escaper
 * (util/xml.h); the file appears complete or not at all
 * (util/afile.h). */
#include "conformance/result_io.h"
#include "conformance/oracle.h"
#include "conformance/revname.h"
#include "negotiator/pvabi_neg.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static void xs(FILE *f, const char *s)
{
	pvabi_xml_str(f, s, 0);
}

static void attr(FILE *f, const char *name, const char *v)
{
	fprintf(f, " %s=\"", name);
	xs(f, v);
	fputc('"', f);
}

static void elem(FILE *f, const char *name, const char *text)
{
	fprintf(f, "  <%s>", name);
	xs(f, text);
	fprintf(f, "</%s>\n", name);
}

static const char *status_str(uint32_t st, char *buf, size_t n)
{
	if (st == ~0u)
		return "none";
	snprintf(buf, n, "%u", st);
	return buf;
}

/* A sub-cell of the feature axis says what it changed. */
static void write_features(FILE *f, const struct pvabi_cell_features *ft)
{
	if (ft->label[0])
		attr(f, "features", ft->label);
	if (ft->want)
		fprintf(f, " want-required=\"0x%llx\" want-optional=\"0x%llx\"",
			(unsigned long long)ft->required, (unsigned long long)ft->optional);
	if (ft->offer)
		fprintf(f, " offer=\"0x%llx\"", (unsigned long long)ft->offered);
}

/* The spec's id of a revision whose code does not read as it (KVM's
 * 3.6.0 is code 3.1536): kept beside the code, so that a result
 * directory re-rendered without its spec still names it. */
static void rev_id(FILE *f, const char *name, uint32_t code)
{
	char id[24];

	if (pvabi_revname_known(code))
		attr(f, name, pvabi_revname(code, id, sizeof(id)));
}

static void write_head(FILE *f, const struct pvabi_cell_result *r)
{
	char rev[16], st[16], num[32];

	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cell-result format=\"%d\"",
		PVABI_RESULT_FORMAT);
	attr(f, "id", r->cell.id);
	attr(f, "verdict", pvabi_verdict_name(r->verdict));
	attr(f, "outcome", r->outcome);
	pvabi_neg_rev_format(r->negotiated, rev, sizeof(rev));
	fprintf(f, " exit=\"%d\" ms=\"%.3f\" negotiated=\"%s\" neg-status=\"%s\"", r->exit_code,
		r->ms, rev, status_str(r->neg_status, st, sizeof(st)));
	rev_id(f, "negotiated-id", r->negotiated);
	fprintf(f, " passed=\"%u\" failed=\"%u\" skipped=\"%u\">\n", r->passed, r->failed,
		r->skipped);
	fprintf(f, "  <cell");
	attr(f, "image", r->cell.image);
	attr(f, "image-path", r->cell.image_path);
	attr(f, "image-rev", r->cell.image_rev);
	fprintf(f, " frozen=\"%d\"", r->cell.image_frozen ? 1 : 0);
	attr(f, "platform", r->cell.platform);
	attr(f, "engine", r->cell.engine);
	attr(f, "engines", r->cell.engines[0] ? r->cell.engines : r->cell.engine);
	write_features(f, &r->cell.feat);
	fprintf(f, "/>\n  <prediction");
	attr(f, "kind", pvabi_pred_kind_name(r->cell.pred.kind));
	pvabi_neg_rev_format(r->cell.pred.rev, rev, sizeof(rev));
	snprintf(num, sizeof(num), "0x%llx", (unsigned long long)r->cell.pred.granted);
	fprintf(f, " rev=\"%s\" neg-status=\"%s\" granted=\"%s\" missing=\"0x%llx\"", rev,
		status_str(r->cell.pred.neg_status, st, sizeof(st)), num,
		(unsigned long long)r->cell.pred.missing);
	rev_id(f, "rev-id", r->cell.pred.rev);
	fputc('>', f);
	xs(f, r->cell.pred.why);
	fprintf(f, "</prediction>\n");
}

static void write_checks(FILE *f, const struct pvabi_cell_result *r)
{
	size_t i;

	fprintf(f, "  <checks>\n");
	for (i = 0; r->checks && i < r->nchecks; i++) {
		const struct pvabi_check *c = &r->checks[i];

		fprintf(f, "    <check ok=\"%d\" skip=\"%d\" todo=\"%d\" ms=\"%.3f\"", c->ok ? 1 : 0,
			c->skip ? 1 : 0, c->todo ? 1 : 0, c->ms);
		attr(f, "name", c->name);
		fputc('>', f);
		xs(f, c->diag);
		fprintf(f, "</check>\n");
	}
	fprintf(f, "  </checks>\n");
}

/* A path inside dir is kept relative to it, so a result directory that
 * is copied or moved (a CI artifact) still finds its logs. */
static const char *rel_to(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n && !strncmp(path, dir, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

int pvabi_result_write(const char *dir, const struct pvabi_cell_result *r, char *err,
		       size_t errlen)
{
	struct pvabi_afile a;
	char path[4096];

	if (!pvabi_cell_id_valid(r->cell.id)) {
		snprintf(err, errlen, "cell id '%.100s' cannot name a file", r->cell.id);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/cells", dir);
	if ((mkdir(dir, 0755) && errno != EEXIST) || (mkdir(path, 0755) && errno != EEXIST)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/cells/%s.xml", dir, r->cell.id);
	if (pvabi_afile_open(&a, path, err, errlen))
		return -1;
	write_head(a.f, r);
	elem(a.f, "reason", r->reason);
	elem(a.f, "guest-record", r->guest_record);
	elem(a.f, "platform-record", r->platform_record);
	if (r->end_asked[0] || r->end_recorded[0]) {
		elem(a.f, "end-asked", r->end_asked);
		elem(a.f, "end-recorded", r->end_recorded);
	}
	elem(a.f, "log", rel_to(dir, r->log));
	elem(a.f, "tap", rel_to(dir, r->tap));
	if (r->waited.waits)
		fprintf(a.f, "  <waited waits=\"%llu\" declared-ns=\"%llu\" event-ticks=\"%llu\" "
			"ticks=\"%llu\" tsc-khz=\"%llu\"/>\n", r->waited.waits, r->waited.declared_ns,
			r->waited.event_ticks, r->waited.ticks, r->waited.tsc_khz);
	write_checks(a.f, r);
	fprintf(a.f, "</cell-result>\n");
	return pvabi_afile_commit(&a, err, errlen);
}

