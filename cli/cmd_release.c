/* pvabi release R: freeze a draft (record its fingerprint).
 * pvabi new-rev R: open a new draft after the newest revision. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "abi/arena.h"
#include "abi/canon.h"
#include "abi/check.h"
#include "abi/xmlload.h"
#include "util/afile.h"
#include "util/file.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct rel_opts {
	const char *spec, *registry, *date, *rev;
	int freeze;
};

static int parse(int argc, char **argv, struct rel_opts *o, const char *cmd)
{
	static const struct option lo[] = {
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "date", required_argument, NULL, 'd' },
		{ "freeze", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:r:d:fh", lo, NULL)) != -1) {
		switch (c) {
		case 'f': o->freeze = 1; break;
		case 's': o->spec = optarg; break;
		case 'r': o->registry = optarg; break;
		case 'd': o->date = optarg; break;
		case 'h': pvabi_help_cmd(stdout, cmd); return 1;
		default: pvabi_help_usage_cmd(stderr, cmd); return -1;
		}
	}
	if (argc - optind != 1) {
		pvabi_help_usage_cmd(stderr, cmd);
		return -1;
	}
	o->rev = argv[optind];
	return 0;
}

static const char *today(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d", &tm);
	return buf;
}

/* A release is refused while the history has a breaking finding: the
 * fingerprint would freeze a broken revision forever. */
static int history_clean(struct pvabi_spec *s, const struct pvabi_registry *r)
{
	struct pvabi_findings f = { 0 };
	size_t brk;

	pvabi_check_history(s, &f);
	pvabi_check_registry(s, r, &f);
	pvabi_check_waivers(s, &f);
	pvabi_findings_sort(&f);
	brk = pvabi_findings_count(&f, PVABI_SEV_BREAKING) + (size_t)f.oom;
	if (brk) {
		pvabi_findings_print(&f, stderr, 0);
		fprintf(stderr, "%s: refusing to release: %zu breaking findings\n",
			pvabi_progname, brk);
	}
	pvabi_findings_free(&f);
	return brk == 0;
}

/* What a platform of this release serves: every registered revision up
 * to it, within the window, that is not retired. */
static void set_serves(struct pvabi_registry *r, int ri)
{
	int from = pvabi_registry_find(r, r->window_from), i;

	r->revs[ri].nserves = 0;
	for (i = from < 0 ? 0 : from; i <= ri && r->revs[ri].nserves < PVABI_MAX_SERVES; i++)
		if (r->revs[i].status != PVABI_STATUS_RETIRED || i == ri)
			r->revs[ri].serves[r->revs[ri].nserves++] = r->revs[i].id;
}

/* --freeze: builds the released revision's conformance image and freezes
 * it into fixtures/ through the build (make freeze), from the source tree
 * this command runs in, into the build directory this program lives in. */
static int freeze(const char *abi, const char *rev)
{
	char self[4096], o[4200], a[256], r[64], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int st;
	pid_t pid;

	if (n <= 0 || access("Makefile", R_OK)) {
		fprintf(stderr, "%s: --freeze runs from the source tree (no Makefile here); "
			"the registry is updated, run 'make freeze ABI=%s REV=%s'\n",
			pvabi_progname, abi, rev);
		return PVABI_EXIT_USAGE;
	}
	self[n] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	snprintf(o, sizeof(o), "O=%s", self);
	snprintf(a, sizeof(a), "ABI=%s", abi);
	snprintf(r, sizeof(r), "REV=%s", rev);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execlp("make", "make", "-s", "freeze", o, a, r, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "%s: freezing the %s image failed; the registry is updated, "
			"fix the build and run 'make freeze ABI=%s REV=%s'\n",
			pvabi_progname, rev, abi, rev);
		return PVABI_EXIT_USAGE;
	}
	return PVABI_EXIT_OK;
}

int pvabi_cmd_release(int argc, char **argv)
{
	struct rel_opts o = { PVABI_DEFAULT_SPEC, PVABI_DEFAULT_REGISTRY, NULL, NULL, 0 };
	char fp[PVABI_FINGERPRINT_LEN], day[16];
	struct pvabi_registry *r = NULL;
	struct pvabi_spec *s = NULL;
	int rc = parse(argc, argv, &o, "release"), ri, si, err;

	if (rc)
		return rc > 0 ? PVABI_EXIT_OK : PVABI_EXIT_USAGE;
	rc = PVABI_EXIT_USAGE;
	if (!(s = cli_load_spec(o.spec)) || !(r = cli_load_registry(o.registry)))
		goto out;
	si = pvabi_spec_rev(s, o.rev);
	ri = pvabi_registry_find(r, o.rev);
	if (si < 0 || ri < 0 || r->revs[ri].status != PVABI_STATUS_DRAFT) {
		fprintf(stderr, "%s: %s is not a draft revision of both %s and %s\n",
			pvabi_progname, o.rev, o.spec, o.registry);
		goto out;
	}
	if (!history_clean(s, r)) {
		rc = PVABI_EXIT_BREAKING;
		goto out;
	}
	if (pvabi_fingerprint(s, si, fp, sizeof(fp)))
		goto out;
	r->revs[ri].status = PVABI_STATUS_RELEASED;
	r->revs[ri].fingerprint = fp;
	r->revs[ri].date = o.date ? o.date : today(day, sizeof(day));
	set_serves(r, ri);
	err = pvabi_registry_save(r, o.registry);
	if (err) {
		fprintf(stderr, "%s: cannot write %s: %s\n", pvabi_progname, o.registry,
			strerror(-err));
		goto out;
	}
	printf("released %s %s\n", o.rev, fp);
	rc = o.freeze ? freeze(r->abi, o.rev) : PVABI_EXIT_OK;
out:
	pvabi_registry_free(r);
	pvabi_spec_free(s);
	return rc;
}

/* Inserts the new <revision> as text before </revisions>, so the rest of
 * the hand-written spec (comments, layout) is untouched. */
static int spec_add_revision(const char *path, const char *rev)
{
	struct pvabi_file_buf b;
	struct pvabi_afile a;
	char *end, *line;
	size_t indent;
	int rc;

	if ((rc = pvabi_file_read(path, PVABI_XML_MAX_BYTES, 0, &b, NULL, 0)))
		return rc;
	end = strstr(b.data, "</revisions>");
	if (!end) {
		free(b.data);
		return -EINVAL;
	}
	for (line = end; line > b.data && line[-1] != '\n'; line--)
		;
	indent = (size_t)(end - line);
	if ((rc = pvabi_afile_open(&a, path, NULL, 0))) {
		free(b.data);
		return rc;
	}
	fwrite(b.data, 1, (size_t)(line - b.data), a.f);
	fprintf(a.f, "%*s  <revision id=\"%s\">\n%*s    <doc>Draft.</doc>\n%*s  </revision>\n",
		(int)indent, "", rev, (int)indent, "", (int)indent, "");
	fwrite(line, 1, b.len - (size_t)(line - b.data), a.f);
	free(b.data);
	return pvabi_afile_commit(&a, NULL, 0);
}

static int registry_add_draft(struct pvabi_registry *r, const char *rev)
{
	struct pvabi_reg_rev *v = pvabi_arena_array(r->arena, r->nrevs + 1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	memcpy(v, r->revs, r->nrevs * sizeof(*v));
	v[r->nrevs].id = rev;
	v[r->nrevs].status = PVABI_STATUS_DRAFT;
	r->revs = v;
	r->nrevs++;
	r->window_to = rev;
	return 0;
}

static int newer(const char *a, const char *b)
{
	unsigned int am, an, bm, bn;

	if (sscanf(a, "%u.%u", &am, &an) != 2 || sscanf(b, "%u.%u", &bm, &bn) != 2)
		return 0;
	return am > bm || (am == bm && an > bn);
}

int pvabi_cmd_new_rev(int argc, char **argv)
{
	struct rel_opts o = { PVABI_DEFAULT_SPEC, PVABI_DEFAULT_REGISTRY, NULL, NULL, 0 };
	struct pvabi_registry *r = NULL;
	struct pvabi_spec *s = NULL;
	int rc = parse(argc, argv, &o, "new-rev"), err;
	unsigned int maj, min;
	char extra;

	if (rc)
		return rc > 0 ? PVABI_EXIT_OK : PVABI_EXIT_USAGE;
	rc = PVABI_EXIT_USAGE;
	if (sscanf(o.rev, "%u.%u%c", &maj, &min, &extra) != 2) {
		fprintf(stderr, "%s: '%s' is not a revision id (MAJOR.MINOR)\n",
			pvabi_progname, o.rev);
		return rc;
	}
	if (!(s = cli_load_spec(o.spec)) || !(r = cli_load_registry(o.registry)))
		goto out;
	if (r->nrevs && r->revs[r->nrevs - 1].status == PVABI_STATUS_DRAFT) {
		fprintf(stderr, "%s: %s is still a draft; release it before opening another\n",
			pvabi_progname, r->revs[r->nrevs - 1].id);
		goto out;
	}
	if (!newer(o.rev, s->revs[s->nrevs - 1].id)) {
		fprintf(stderr, "%s: %s must be newer than %s\n", pvabi_progname, o.rev,
			s->revs[s->nrevs - 1].id);
		goto out;
	}
	if ((err = registry_add_draft(r, o.rev)) || (err = spec_add_revision(o.spec, o.rev)) ||
	    (err = pvabi_registry_save(r, o.registry))) {
		fprintf(stderr, "%s: cannot open %s: %s\n", pvabi_progname, o.rev,
			strerror(-err));
		goto out;
	}
	printf("opened draft %s in %s and %s\n", o.rev, o.spec, o.registry);
	rc = PVABI_EXIT_OK;
out:
	pvabi_registry_free(r);
	pvabi_spec_free(s);
	return rc;
}
