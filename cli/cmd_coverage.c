/* pvabi coverage: the op x revision x output table of what the vectors
 * and scenarios check (abi/coverage.h), and the pairs of calls that read
 * each output after another value (cli/coverage_pairs.c), as text or
 * JSON. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "abi/coverage.h"
#include "cli/coverage_pairs.h"
#include "util/json.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

enum cov_status { COV_CHECKED, COV_WAIVED, COV_UNCHECKED };

static const char *const status_name[] = { "checked", "waived", "unchecked" };
static const char *const kind_name[] = { "ret", "error", "scalar", "field" };
static const char *const by_name[] = { "vector", "scenario", "bound", "suite" };

struct counts {
	size_t n[3];
};

static enum cov_status status(const struct pvabi_spec *s, const struct pvabi_cov_out *o,
			      const struct pvabi_waiver **w)
{
	*w = NULL;
	if (o->nby)
		return COV_CHECKED;
	*w = pvabi_coverage_waiver(s, o);
	return *w ? COV_WAIVED : COV_UNCHECKED;
}

/* "vector line 12", "scenario x step 3 (line 40)", ... (steps from 1) */
static void by_text(const struct pvabi_spec *s, const struct pvabi_cov_by *b, char *buf,
		    size_t len)
{
	switch (b->kind) {
	case PVABI_BY_VECTOR:
		snprintf(buf, len, "vector line %d", b->line);
		break;
	case PVABI_BY_STEP:
		snprintf(buf, len, "scenario %s step %d (line %d)", s->scenarios[b->index].name,
			 b->step + 1, b->line);
		break;
	case PVABI_BY_BOUND:
		snprintf(buf, len, "scenario %s step %d binds it, step %d uses it (line %d)",
			 s->scenarios[b->index].name, b->step + 1, b->user + 1, b->line);
		break;
	default:
		snprintf(buf, len, "suite: refused without the feature");
		break;
	}
}

static void print_row(const struct pvabi_spec *s, const struct pvabi_cov_out *o,
		      enum cov_status st, const struct pvabi_waiver *w)
{
	char name[256], by[320];

	printf("%-6s %-20s %-24s %-9s ", s->revs[o->rev].id, s->ops[o->op].name,
	       pvabi_coverage_name(s, o, name, sizeof(name)),
	       st == COV_UNCHECKED ? "UNCHECKED" : status_name[st]);
	if (st == COV_CHECKED) {
		by_text(s, &o->by[0], by, sizeof(by));
		printf("%s", by);
		if (o->nby > 1)
			printf(" (+%zu more)", o->nby - 1);
	} else if (st == COV_WAIVED) {
		printf("waiver line %d", w->loc.line);
	} else {
		printf("-");
	}
	putchar('\n');
}

static void print_counts(const char *what, const struct counts *k)
{
	printf("%s: %zu/%zu outputs checked, %zu waived, %zu unchecked\n", what, k->n[0],
	       k->n[0] + k->n[1] + k->n[2], k->n[1], k->n[2]);
}

static void print_text(const struct pvabi_spec *s, const struct pvabi_coverage *c,
		       struct cov_pairs *p, struct counts *total)
{
	struct counts rev = { { 0 } };
	const struct pvabi_waiver *w;
	size_t i;

	printf("%-6s %-20s %-24s %-9s %s\n", "REV", "OP", "OUTPUT", "STATUS", "CHECKED BY");
	for (i = 0; i < c->n; i++) {
		enum cov_status st = status(s, &c->v[i], &w);

		print_row(s, &c->v[i], st, w);
		rev.n[st]++;
		total->n[st]++;
		if (i + 1 == c->n || c->v[i + 1].rev != c->v[i].rev) {
			print_counts(s->revs[c->v[i].rev].id, &rev);
			memset(&rev, 0, sizeof(rev));
		}
	}
	print_counts("total", total);
	cov_pairs_text(p, c);
}

static void json_by(const struct pvabi_spec *s, const struct pvabi_cov_by *b)
{
	printf("{\"kind\":\"%s\"", by_name[b->kind]);
	if (b->kind == PVABI_BY_STEP || b->kind == PVABI_BY_BOUND) {
		printf(",\"scenario\":");
		pvabi_json_str(stdout, s->scenarios[b->index].name);
		printf(",\"step\":%d", b->step + 1);
		if (b->kind == PVABI_BY_BOUND)
			printf(",\"used_by\":%d", b->user + 1);
	}
	printf(",\"line\":%d}", b->line);
}

static void json_out(const struct pvabi_spec *s, const struct pvabi_cov_out *o,
		     enum cov_status st, const struct pvabi_waiver *w, struct cov_pairs *p)
{
	char buf[512];
	size_t j;

	printf("{\"revision\":\"%s\",\"op\":", s->revs[o->rev].id);
	pvabi_json_str(stdout, s->ops[o->op].name);
	if (o->cmd >= 0) {
		printf(",\"command\":");
		pvabi_json_str(stdout, s->ops[o->op].cmds[o->cmd].name);
	}
	printf(",\"output\":");
	pvabi_json_str(stdout, pvabi_coverage_name(s, o, buf, sizeof(buf)));
	printf(",\"kind\":\"%s\",\"target\":", kind_name[o->kind]);
	pvabi_json_str(stdout, pvabi_coverage_target(s, o, buf, sizeof(buf)));
	printf(",\"file\":");
	pvabi_json_str(stdout, s->ops[o->op].loc.file);
	printf(",\"line\":%d,\"status\":\"%s\",\"checked_by\":[",
	       o->cmd >= 0 ? s->ops[o->op].cmds[o->cmd].loc.line : s->ops[o->op].loc.line,
	       status_name[st]);
	for (j = 0; j < o->nby; j++) {
		if (j)
			putchar(',');
		json_by(s, &o->by[j]);
	}
	printf("],\"waiver\":");
	if (w) {
		printf("{\"line\":%d,\"justification\":", w->loc.line);
		pvabi_json_str(stdout, w->justification);
		putchar('}');
	} else {
		printf("null");
	}
	printf(",\"after_another\":%zu}", cov_pairs_reading(p, o));
}

static void json_counts(const struct counts *k)
{
	printf("\"outputs\":%zu,\"checked\":%zu,\"waived\":%zu,\"unchecked\":%zu",
	       k->n[0] + k->n[1] + k->n[2], k->n[0], k->n[1], k->n[2]);
}

static void print_json(const struct pvabi_spec *s, const struct pvabi_coverage *c,
		       struct cov_pairs *p, struct counts *total)
{
	struct counts rev = { { 0 } };
	const struct pvabi_waiver *w;
	size_t i;
	int first = 1;

	printf("{\"spec\":");
	pvabi_json_str(stdout, s->file);
	printf(",\"outputs\":[\n");
	for (i = 0; i < c->n; i++) {
		enum cov_status st = status(s, &c->v[i], &w);

		if (i)
			printf(",\n");
		json_out(s, &c->v[i], st, w, p);
		total->n[st]++;
	}
	printf("\n],");
	cov_pairs_json(p, c);
	printf(",\"revisions\":[");
	for (i = 0; i < c->n; i++) {
		rev.n[status(s, &c->v[i], &w)]++;
		if (i + 1 < c->n && c->v[i + 1].rev == c->v[i].rev)
			continue;
		printf("%s{\"revision\":\"%s\",", first ? "" : ",", s->revs[c->v[i].rev].id);
		json_counts(&rev);
		putchar('}');
		memset(&rev, 0, sizeof(rev));
		first = 0;
	}
	printf("],\"summary\":{");
	json_counts(total);
	printf("}}\n");
}

int pvabi_cmd_coverage(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "spec", required_argument, NULL, 's' },
		{ "rev", required_argument, NULL, 'R' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *spec = PVABI_DEFAULT_SPEC, *rid = NULL;
	struct counts total = { { 0 } };
	struct pvabi_coverage c;
	struct cov_pairs pairs;
	struct pvabi_spec *s;
	int ch, json = 0, rev = PVABI_NONE, rc = PVABI_EXIT_USAGE;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "s:R:jh", lo, NULL)) != -1) {
		switch (ch) {
		case 's': spec = optarg; break;
		case 'R': rid = optarg; break;
		case 'j': json = 1; break;
		case 'h': pvabi_help_cmd(stdout, "coverage"); return PVABI_EXIT_OK;
		default: pvabi_help_usage_cmd(stderr, "coverage"); return PVABI_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		pvabi_help_usage_cmd(stderr, "coverage");
		return PVABI_EXIT_USAGE;
	}
	s = cli_load_spec(spec);
	if (!s)
		return PVABI_EXIT_USAGE;
	if (rid && (rev = pvabi_spec_rev(s, rid)) < 0) {
		fprintf(stderr, "%s: revision '%s' is not defined in %s\n", pvabi_progname, rid,
			spec);
		goto out;
	}
	if (cov_pairs_open(&pairs, s) || pvabi_coverage_build(s, rev, &c)) {
		fprintf(stderr, "%s: out of memory\n", pvabi_progname);
		cov_pairs_close(&pairs);
		goto out;
	}
	(json ? print_json : print_text)(s, &c, &pairs, &total);
	pvabi_coverage_free(&c);
	cov_pairs_close(&pairs);
	rc = total.n[COV_UNCHECKED] ? PVABI_EXIT_BREAKING : PVABI_EXIT_OK;
out:
	pvabi_spec_free(s);
	return rc;
}
