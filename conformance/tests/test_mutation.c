/* The gate's own mutation score. Every platform-side seeded break
 * (platform/pvp/mutants/FILE/NAME.sed: the reference handlers edited as
 * a hypervisor developer could) was built into its own program; here each
 * is gated through --engine-cmd, as a hypervisor team gates its VMM, so
 * only the conformance images can catch it, never this tree's unit tests.
 *
 * Asserted: the behaviour-preserving rewrites (same-*) stay green, and no
 * variant's gate ends in a usage or harness error or blames the spec (the
 * spec is untouched). Reported, not asserted: how many breaks the gate
 * catches, which escape, and how long it took, so the figure stays honest
 * while checks improve. PVABI_MUTATION_JSON=FILE also writes it as JSON.
 * PVABI_MUTATION_ONLY="NAME NAME..." gates only those variants, each alone
 * (to gate a few by hand as this program does), and "rewrites" every
 * rewrite in its group as a whole run does; the counts are then not
 * asserted.
 *
 * The score needs only "caught or not": a break's gate stops at its
 * first red cell (--stop-at-red), while a rewrite's runs every cell, since
 * a false alarm in any of them counts. The rewrites are gated in groups
 * (platform/pvp/mutants/module.mk: the K-th rewrite of each handler file
 * linked into one program, listed in $(O)/mutants/same-groups): a green
 * group clears each member, a red one is gated again member by member,
 * so a false alarm is still named; rewrites named in PVABI_MUTATION_ONLY
 * are gated alone. A false alarm or a gate that did
 * not run is printed with its exit code and the first red cell's first
 * failing lines, read from the cell's TAP file. */
#include "conformance/engine.h"
#include "conformance/engine_auto.h"
#include "tests/harness.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* room for every seed: one more would be skipped silently, so a full
 * table fails the run instead (test_score) */
#define MAX_MUTANTS 224

struct mutant {
	char name[64], file[32];
	int same;      /* behaviour-preserving */
	int group;     /* the group whose gate cleared it (same-groups), or 0 */
	int stop;      /* gate with --stop-at-red */
	int pseudo;    /* a group's program: its members are judged, not it */
	int rc;        /* the gate's exit code */
	size_t run, cells; /* cells run, of the matrix's (a break's gate stops) */
	double s;      /* its wall time */
	char cell[400]; /* the first red cell line, or "" */
};

static struct mutant mut[MAX_MUTANTS];
static size_t nmut;
static char engine[32];
static char tmp[256];
/* A gate's whole output: every red cell is a line, and the summary that
 * says whether the spec broke comes last. Read to the end, never cut:
 * a reader that stops early kills the gate with SIGPIPE (exit 141). */
static char *out;
static size_t out_cap;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096], full[4600], chunk[4096];
	va_list ap;
	size_t n, k;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "cd '%s' && %s 2>&1", pvabi_test_srcdir(), cmd);
	p = popen(full, "r");
	if (!p)
		return -1;
	n = 0;
	while ((k = fread(chunk, 1, sizeof(chunk), p)) > 0) {
		if (n + k + 1 > out_cap) {
			char *bigger = realloc(out, n + k + 1 + (1 << 16));

			if (!bigger)
				continue; /* out of memory: drain, keep what fits */
			out = bigger;
			out_cap = n + k + 1 + (1 << 16);
		}
		memcpy(out + n, chunk, k);
		n += k;
	}
	st = pclose(p);
	out[n] = '\0';
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_mutant(const void *a, const void *b)
{
	return strcmp(((const struct mutant *)a)->name, ((const struct mutant *)b)->name);
}

/* PVABI_MUTATION_ONLY, or NULL when unset or empty. */
static const char *only_env(void)
{
	const char *only = getenv("PVABI_MUTATION_ONLY");

	return only && *only ? only : NULL;
}

/* "rewrites": every rewrite, gated in its group as a whole run gates it. */
static int only_rewrites(void)
{
	return only_env() && !strcmp(only_env(), "rewrites");
}

/* Whether PVABI_MUTATION_ONLY, when set, names this variant. */
static int selected(const char *name)
{
	const char *only = only_env(), *p;
	size_t k = strlen(name);

	if (!only)
		return 1;
	if (only_rewrites())
		return !strncmp(name, "same-", 5);
	for (p = strstr(only, name); p; p = strstr(p + 1, name))
		if ((p == only || p[-1] == ' ' || p[-1] == ',') && (!p[k] || p[k] == ' ' || p[k] == ','))
			return 1;
	return 0;
}

/* platform/pvp/mutants/FILE/NAME.sed, every one (or those selected). */
static void list_mutants(void)
{
	char dir[1024], sub[1300];
	struct dirent *de, *fe;
	DIR *d, *f;

	snprintf(dir, sizeof(dir), "%s/platform/pvp/mutants", pvabi_test_srcdir());
	if (!(d = opendir(dir)))
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(mut[0].file))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		if (!(f = opendir(sub)))
			continue;
		while ((fe = readdir(f)) && nmut < MAX_MUTANTS) {
			size_t k = strlen(fe->d_name);
			struct mutant *m = &mut[nmut];

			if (k < 5 || k - 4 >= sizeof(m->name) || strcmp(fe->d_name + k - 4, ".sed"))
				continue;
			memset(m, 0, sizeof(*m));
			snprintf(m->name, sizeof(m->name), "%.*s", (int)(k - 4), fe->d_name);
			if (!selected(m->name))
				continue;
			snprintf(m->file, sizeof(m->file), "%s", de->d_name);
			m->same = !strncmp(m->name, "same-", 5);
			m->stop = !m->same;
			nmut++;
		}
		closedir(f);
	}
	closedir(d);
	qsort(mut, nmut, sizeof(mut[0]), cmp_mutant);
}

/* The first red cell's first failing lines: its TAP file's first "not
 * ok" lines, each with the diagnostic line after it, so a false alarm
 * says what the rewrite broke without its logs. */
static void print_red_lines(const struct mutant *m)
{
	char path[1024], line[512];
	int shown = 0, diag = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/cells/%.*s.tap", tmp, m->name,
		 (int)strcspn(m->cell, ":"), m->cell);
	if (!(f = fopen(path, "r"))) {
		printf("*** %s: no TAP file %s\n", m->name, path);
		return;
	}
	while (shown < 3 && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (diag && !strncmp(line, "# ", 2))
			printf("*** %s:   %s\n", m->name, line);
		diag = !strncmp(line, "not ok", 6);
		if (diag) {
			printf("*** %s: %s\n", m->name, line);
			shown++;
		}
	}
	if (!shown)
		printf("*** %s: no \"not ok\" line in %s\n", m->name, path);
	fclose(f);
}

/* The cells the gate ran, from "partial matrix: N of M cells run"; all
 * M of the gate's line when it did not stop. */
static void cells_run(struct mutant *m)
{
	const char *p = strstr(out, "\ngate: ");
	unsigned long red, cells, run;

	p = p ? strstr(p, " breaking rule") : NULL;
	p = p ? strchr(p, ',') : NULL;
	if (!p || sscanf(p, ", %lu of %lu cells", &red, &cells) != 2)
		return;
	m->cells = cells;
	p = strstr(out, "partial matrix: ");
	m->run = p && sscanf(p, "partial matrix: %lu of", &run) == 1 ? run : cells;
}

/* The gate on one variant: the fresh image of every released revision
 * beside the frozen ones, on the current column (docs/matrix.md says
 * why that column suffices for handler breaks), with the feature axis
 * (its sub-cells need {cmdline}). A break's gate stops at its first red
 * cell; a rewrite's runs them all. */
static void gate(struct mutant *m)
{
	const char *line;
	double t0 = now_s();
	char prog[1024];

	/* A variant whose program is missing would reach the gate as an
	 * ERROR cell (command not found), which the score would count as a
	 * catch: a harness fault, never a break caught. */
	snprintf(prog, sizeof(prog), "%s/mutants/%s/pvabi", pvabi_test_builddir(), m->name);
	if (access(prog, X_OK)) {
		printf("\n*** %s: %s is not built (make tests builds every seed's program)\n",
		       m->name, prog);
		m->rc = -1;
		CU_FAIL("a seed's program is not built");
		return;
	}
	m->rc = sh("'%s/pvabi' gate --quiet --fresh --platforms current --jobs 2 %s--out '%s/%s' "
		   "--engine-cmd \"'%s/mutants/%s/pvabi' run {image} --engine %s "
		   "--platform {platform} --cmdline {cmdline} --timeout {timeout} --log {log}\"",
		   pvabi_test_builddir(), m->stop ? "--stop-at-red " : "", tmp, m->name,
		   pvabi_test_builddir(), m->name, engine);
	m->s = now_s() - t0;
	line = strstr(out, "\n  cell ");
	if (line)
		snprintf(m->cell, sizeof(m->cell), "%.*s", (int)strcspn(line + 8, "\n"), line + 8);
	cells_run(m);
	/* The spec is the reference one: a breaking rule would be a false
	 * reason, and any exit but 0 or 1 a gate that did not run. */
	if (m->rc != 0 && m->rc != 1) {
		printf("\n*** %s: gate exit %d (0 or 1 expected): the gate did not run: %.*s\n",
		       m->name, m->rc, (int)strcspn(out, "\n"), out);
		printf("%s\n", out);
	}
	CU_ASSERT(m->rc == 0 || m->rc == 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " 0 breaking rules,"));
	if (m->pseudo) {
		if (m->rc && m->cell[0])
			print_red_lines(m);
		return;
	}
	if (m->same && m->rc)
		printf("\n*** false alarm: %s: gate exit %d, first red cell %s\n", m->name, m->rc,
		       m->cell[0] ? m->cell : "(none named)");
	if (m->rc && m->cell[0] && (m->same || m->rc != 1))
		print_red_lines(m);
	if (m->same)
		CU_ASSERT_EQUAL(m->rc, 0);
}

static void json_write(const char *path, size_t caught, size_t breaks, size_t alarms,
		       size_t same, double total)
{
	FILE *f = fopen(path, "w");
	size_t i, j;

	if (!f)
		return;
	fprintf(f, "{\"bench\": \"mutation\", \"engine\": \"%s\", \"gate\": \"--fresh "
		   "--platforms current --jobs 2, --stop-at-red for breaks\", \"caught\": %zu, "
		   "\"breaks\": %zu, \"false_alarms\": %zu, \"behaviour_preserving\": %zu, "
		   "\"total_s\": %.1f, \"variants\": [", engine, caught, breaks, alarms, same, total);
	for (i = 0; i < nmut; i++) {
		fprintf(f, "%s\n  {\"name\": \"%s\", \"file\": \"%s.c\", \"kind\": \"%s\", "
			   "\"gate_exit\": %d, \"cells_run\": %zu, \"cells\": %zu, \"s\": %.1f, "
			   "\"group\": %d, \"first_red_cell\": \"", i ? "," : "", mut[i].name,
			mut[i].file, mut[i].same ? "same" : "break", mut[i].rc, mut[i].run, mut[i].cells,
			mut[i].s, mut[i].group);
		for (j = 0; mut[i].cell[j]; j++)
			if (mut[i].cell[j] == '"' || mut[i].cell[j] == '\\')
				fprintf(f, "\\%c", mut[i].cell[j]);
			else if ((unsigned char)mut[i].cell[j] >= 0x20)
				fputc(mut[i].cell[j], f);
		fprintf(f, "\"}");
	}
	fprintf(f, "\n]}\n");
	fclose(f);
}

/* The rewrite of this name, or NULL. */
static struct mutant *rewrite_named(const char *name)
{
	size_t i;

	for (i = 0; i < nmut; i++)
		if (mut[i].same && !strcmp(mut[i].name, name))
			return &mut[i];
	return NULL;
}

/* One line of same-groups: its members marked with the group's number.
 * A member that is not a rewrite of the tree, or a rewrite in two
 * groups, is a stale build: a failure, never a rewrite left ungated. */
static int group_line(char *line, int *id)
{
	char *name, *save = NULL;
	struct mutant *m;

	if (sscanf(line, "%d", id) != 1 || *id <= 0)
		return -1;
	strtok_r(line, " \n", &save);
	while ((name = strtok_r(NULL, " \n", &save))) {
		if (!(m = rewrite_named(name)) || m->group) {
			printf("\n*** same-groups names %s, %s: rebuild (make tests)\n", name,
			       m ? "in two groups" : "not a rewrite of this tree");
			return -1;
		}
		m->group = *id;
	}
	return 0;
}

/* Every rewrite's group, from the build's list; -1 when the list is
 * missing, stale, or leaves a rewrite out. */
static int read_groups(int *ids, size_t max, size_t *n)
{
	char path[1024], line[4096];
	size_t i;
	FILE *f;
	int rc = 0;

	*n = 0;
	snprintf(path, sizeof(path), "%s/mutants/same-groups", pvabi_test_builddir());
	if (!(f = fopen(path, "r"))) {
		printf("\n*** %s: missing (make tests builds it)\n", path);
		return -1;
	}
	while (!rc && fgets(line, sizeof(line), f) && *n < max)
		if ((rc = group_line(line, &ids[*n])) == 0)
			(*n)++;
	fclose(f);
	for (i = 0; !rc && i < nmut; i++)
		if (mut[i].same && !mut[i].group) {
			printf("\n*** %s is in no group of %s: rebuild (make tests)\n", mut[i].name, path);
			rc = -1;
		}
	return rc;
}

/* Group id's gate: a green one clears its members with its time; a red
 * one is gated again member by member. Members all green alone under a
 * red group are a failure to look at, not a false alarm named: the
 * rewrites interact, or a check flaked (as a rewrite's own gate would
 * have failed on it), and the group's red line says which. */
static void gate_group(int id)
{
	struct mutant g = { .same = 1, .stop = 1, .pseudo = 1 };
	size_t i, members = 0, red = 0;

	snprintf(g.name, sizeof(g.name), "same-group-%d", id);
	gate(&g);
	for (i = 0; i < nmut; i++) {
		struct mutant *m = &mut[i];

		if (!m->same || m->group != id)
			continue;
		members++;
		if (g.rc == 0) {
			m->rc = 0, m->s = g.s, m->run = g.run, m->cells = g.cells;
			continue;
		}
		m->group = 0;
		gate(m);
		red += m->rc != 0;
	}
	if (g.rc)
		printf("\n*** %s red (exit %d, first red cell %s): its %zu rewrites gated alone, "
		       "%zu red%s\n", g.name, g.rc, g.cell[0] ? g.cell : "(none named)", members, red,
		       red ? "" : ": the group's red line came back with no member alone (a check "
		       "that flaked, or rewrites that interact): read it above");
	CU_ASSERT(g.rc == 0 || red > 0);
}

static void test_score(void)
{
	size_t i, caught = 0, breaks = 0, alarms = 0, same = 0, ngroups = 0;
	double t0 = now_s();
	int ids[32], grouped;
	const struct pvabi_engine *e;
	char why[512];
	const char *json;

	list_mutants();
	CU_ASSERT_FATAL(nmut > 0);
	CU_ASSERT_FATAL(nmut < MAX_MUTANTS);
	if (!(e = pvabi_engine_auto(why, sizeof(why))))
		PVABI_SKIP(why);
	snprintf(engine, sizeof(engine), "%s", e->name);
	grouped = !only_env() || only_rewrites();
	if (grouped && read_groups(ids, sizeof(ids) / sizeof(ids[0]), &ngroups))
		CU_FAIL_FATAL("the rewrites' groups do not match the tree");
	for (i = 0; i < ngroups; i++)
		gate_group(ids[i]);
	for (i = 0; i < nmut; i++) {
		if (!grouped || !mut[i].same)
			gate(&mut[i]);
		same += mut[i].same;
		alarms += mut[i].same && mut[i].rc > 0;
		breaks += !mut[i].same;
		caught += !mut[i].same && mut[i].rc == 1;
	}
	printf("\n");
	for (i = 0; i < nmut; i++)
		printf("  %-8s %-26s %5.1f s %3zu/%-3zu cells  %s%.0d\n",
		       mut[i].rc < 0 ? "UNBUILT" : mut[i].same ? (mut[i].rc ? "ALARM" : "green")
		       : mut[i].rc == 1 ? "caught" : "ESCAPED",
		       mut[i].name, mut[i].s, mut[i].run, mut[i].cells,
		       mut[i].cell[0] ? mut[i].cell : mut[i].group ? "with group " : "", mut[i].group);
	printf("mutation score: %zu of %zu platform breaks caught by pvabi gate alone "
	       "(each gate stopped at its first red cell); %zu false alarms in %zu "
	       "behaviour-preserving changes (%s, %.0f s)\n", caught, breaks, alarms, same, engine,
	       now_s() - t0);
	if (ngroups)
		printf("the %zu rewrites were gated in %zu groups, one rewrite of each handler file "
		       "a group (a red group is gated again member by member)\n", same, ngroups);
	json = getenv("PVABI_MUTATION_JSON");
	if (json && *json)
		json_write(json, caught, breaks, alarms, same, now_s() - t0);
	if (only_env())
		return; /* a chosen few: the counts are not the score's */
	CU_ASSERT(breaks >= 15);
	CU_ASSERT(same >= 2);
}

static const struct pvabi_test_case cases[] = {
	{ "score", test_score },
	{ NULL, NULL },
};

static int setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/pvabi-mutation-XXXXXX");
	out_cap = 1 << 16;
	out = calloc(1, out_cap);
	return out && mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void)
{
	sh("rm -rf '%s'", tmp);
	free(out);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "mutation", cases, setup, teardown },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
