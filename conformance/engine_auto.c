/* `auto`: calibrate, pick the fastest engine, remember it. The cache file
 * is an optimisation only: anything unexpected in it (missing, another
 * key, an engine that no longer probes) means calibrating again, and a
 * failure to write it is ignored. */
#include "conformance/engine_auto.h"
#include "platform/host.h"
#include "util/afile.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define FRAME_GPA 0x7000u /* the call-frame convention calls.elf uses */
#define DOORBELL 0x2f8u
#define RUN_TIMEOUT_MS 5000u
#define MAX_ENGINES 8
#define PVABI_AUTO_EXIT_BASE 0x20u /* guest/rt/status.h */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const struct pvabi_engine *chosen;
static int decided;
static char chosen_why[320];

static int excluded(const char *name)
{
	const char *ex = getenv("PVABI_AUTO_EXCLUDE");
	size_t len = strlen(name);

	while (ex && *ex) {
		size_t k = strcspn(ex, ",");

		if (k == len && !strncmp(ex, name, len))
			return 1;
		ex += k + (ex[k] == ',');
	}
	return 0;
}

/* ---- calibration ------------------------------------------------------ */

static int64_t answer_zero(void *ctx, uint32_t op, uint32_t nargs, const uint64_t *args)
{
	(void)ctx;
	(void)op;
	(void)nargs;
	(void)args;
	return 0;
}

static int serve(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value)
{
	struct pvabi_host *h = ctx;

	(void)vcpu;
	(void)value;
	h->mem = mem;
	h->size = size;
	return pvabi_host_serve(h) < 0 ? -1 : 0;
}

/* The runtime's PASS: every engine reports the raw isa-debug-exit value,
 * PVABI_EXIT_BASE + status. */
static int passed(const struct pvabi_engine_result *r)
{
	return r->outcome == PVABI_RUN_EXITED && r->exit_value == PVABI_AUTO_EXIT_BASE;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* @runs runs of the image; 0 and the median, or -1 and why. An engine
 * whose first run takes over twice the best median so far cannot win:
 * that run stands for its median. */
static int time_engine(const struct pvabi_engine *e, const char *image, const char *cmdline,
		       unsigned int runs, double best, struct pvabi_engine_timing *t)
{
	double ms[16];
	unsigned int i;

	if (runs > 16)
		runs = 16;
	for (i = 0; i < runs; i++) {
		struct pvabi_host h = { .frame_gpa = FRAME_GPA, .dispatch = answer_zero,
					.error_inval = -22 };
		struct pvabi_engine_cfg cfg = { .image = image, .cmdline = cmdline,
						.timeout_ms = RUN_TIMEOUT_MS,
						.doorbell_port = DOORBELL, .doorbell = serve,
						.ctx = &h };
		struct pvabi_engine_result res;

		if (e->run(&cfg, &res) < 0 || !passed(&res)) {
			snprintf(t->why, sizeof(t->why), "calibration run %s: %.100s",
				 pvabi_outcome_name(res.outcome), res.reason);
			return -1;
		}
		ms[i] = res.run_ms;
		if (i == 0 && best > 0 && res.run_ms > 2 * best)
			runs = 1;
	}
	qsort(ms, runs, sizeof(ms[0]), cmp_double);
	t->median_ms = ms[runs / 2];
	return 0;
}

/* "auto: kvm (4.1 ms) over qemu-tcg (38.0 ms), qemu-kvm (52.3 ms)", the
 * others fastest first, plus why the rest could not be used. */
static void explain(const struct pvabi_engine_timing *t, const struct pvabi_engine_timing *best,
		    char *why, size_t n)
{
	const struct pvabi_engine_timing *order[MAX_ENGINES];
	size_t i, j, k = 0, len;

	for (i = 0; t[i].engine; i++)
		if (t[i].usable && &t[i] != best) {
			for (j = k++; j > 0 && order[j - 1]->median_ms > t[i].median_ms; j--)
				order[j] = order[j - 1];
			order[j] = &t[i];
		}
	len = (size_t)snprintf(why, n, "auto: %s (%.1f ms)", best->engine->name, best->median_ms);
	for (j = 0; j < k && len < n; j++)
		len += (size_t)snprintf(why + len, n - len, "%s%s (%.1f ms)", j ? ", " : " over ",
					order[j]->engine->name, order[j]->median_ms);
	for (i = 0; t[i].engine && len < n; i++)
		if (!t[i].usable)
			len += (size_t)snprintf(why + len, n - len, "; %s: %s", t[i].engine->name,
						t[i].why);
}

const struct pvabi_engine *pvabi_engine_calibrate(const char *image, const char *cmdline,
						  unsigned int runs,
						  struct pvabi_engine_timing *t,
						  char *why, size_t n)
{
	struct pvabi_engine_timing own[MAX_ENGINES + 1], *best = NULL;
	size_t i, len = 0;

	if (!t)
		t = own;
	for (i = 0; pvabi_engines[i] && i < MAX_ENGINES; i++) {
		memset(&t[i], 0, sizeof(t[i]));
		t[i].engine = pvabi_engines[i];
		if (t[i].engine->real_hypervisor)
			snprintf(t[i].why, sizeof(t[i].why), "runs a real hypervisor, not the reference platform");
		else if (excluded(t[i].engine->name))
			snprintf(t[i].why, sizeof(t[i].why), "excluded by PVABI_AUTO_EXCLUDE");
		else if (!t[i].engine->probe(t[i].why, sizeof(t[i].why)))
			t[i].usable = !time_engine(t[i].engine, image, cmdline, runs ? runs : 1,
						   best ? best->median_ms : 0, &t[i]);
		if (t[i].usable && (!best || t[i].median_ms < best->median_ms))
			best = &t[i];
	}
	t[i].engine = NULL;
	if (best) {
		explain(t, best, why, n);
		return best->engine;
	}
	len = (size_t)snprintf(why, n, "auto: no engine works here");
	for (i = 0; t[i].engine && len < n; i++)
		len += (size_t)snprintf(why + len, n - len, "; %s: %s", t[i].engine->name, t[i].why);
	return NULL;
}

/* ---- where things are ------------------------------------------------- */

int pvabi_engine_calibration_image(char *buf, size_t n)
{
	static const char *const rel[] = { "guest/", "../guest/", "../share/pvabi/" };
	const char *env = getenv("PVABI_CALIBRATE_IMAGE");
	char exe[PATH_MAX];
	ssize_t len;
	size_t i;

	if (env && *env) {
		snprintf(buf, n, "%s", env);
		return access(buf, R_OK);
	}
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0)
		return -1;
	exe[len] = '\0';
	*strrchr(exe, '/') = '\0';
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(buf, n, "%s/%s%s", exe, rel[i], PVABI_AUTO_IMAGE);
		if (access(buf, R_OK) == 0)
			return 0;
	}
	return -1;
}

/* "path:size:mtime" of a file, or "-" */
static void file_key(const char *path, char *buf, size_t n)
{
	struct stat st;

	if (path && stat(path, &st) == 0)
		snprintf(buf, n, "%s:%lld:%lld", path, (long long)st.st_size,
			 (long long)st.st_mtime);
	else
		snprintf(buf, n, "-");
}

static void qemu_key(char *buf, size_t n)
{
	const char *bin = getenv("PVABI_QEMU"), *path = getenv("PATH");
	char cand[PATH_MAX];

	if (!bin || !*bin)
		bin = "qemu-system-x86_64";
	if (strchr(bin, '/')) {
		file_key(bin, buf, n);
		return;
	}
	while (path && *path) {
		size_t k = strcspn(path, ":");

		snprintf(cand, sizeof(cand), "%.*s/%s", (int)k, path, bin);
		if (access(cand, X_OK) == 0) {
			file_key(cand, buf, n);
			return;
		}
		path += k + (path[k] == ':');
	}
	snprintf(buf, n, "-");
}

/* Everything the decision depends on, one line. */
static void cache_key(const char *image, char *key, size_t n)
{
	struct utsname u;
	char q[PATH_MAX + 64], im[PATH_MAX + 64];
	const char *ex = getenv("PVABI_AUTO_EXCLUDE");

	if (uname(&u))
		snprintf(u.release, sizeof(u.release), "?");
	qemu_key(q, sizeof(q));
	file_key(image, im, sizeof(im));
	snprintf(key, n, "v1 %s kvm=%d qemu=%s image=%s exclude=%s", u.release,
		 access("/dev/kvm", R_OK | W_OK) == 0, q, im, ex ? ex : "");
}

static int cache_path(char *buf, size_t n)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	const char *off = getenv("PVABI_ENGINE_CACHE");

	if (off && !strcmp(off, "0"))
		return -1;
	if (xdg && *xdg == '/')
		snprintf(buf, n, "%s/pvabi/engine", xdg);
	else if (home && *home == '/')
		snprintf(buf, n, "%s/.cache/pvabi/engine", home);
	else
		return -1;
	return 0;
}

/* ---- the cache file: "key\nengine\nsentence\n" ------------------------- */

static const struct pvabi_engine *cache_read(const char *path, const char *key, char *why,
					     size_t n)
{
	const struct pvabi_engine *e = NULL;
	struct pvabi_file_buf b;
	char *line[3], *save = NULL;
	int i;

	if (pvabi_file_read(path, 4096, 0, &b, NULL, 0) < 0)
		return NULL;
	for (i = 0; i < 3 && (line[i] = strtok_r(i ? NULL : b.data, "\n", &save)); i++)
		;
	if (i == 3 && !strcmp(line[0], key))
		e = pvabi_engine_find(line[1]);
	if (e && !excluded(e->name) && !e->probe(why, n))
		snprintf(why, n, "%.200s (cached in %.100s)", line[2], path);
	else
		e = NULL;
	free(b.data);
	return e;
}

static void cache_write(const char *path, const char *key, const struct pvabi_engine *e,
			const char *why)
{
	char dir[PATH_MAX];
	struct pvabi_afile a;

	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	if ((mkdir(dir, 0755) && errno != EEXIST) || pvabi_afile_open(&a, path, NULL, 0))
		return;
	fprintf(a.f, "%s\n%s\n%s\n", key, e->name, why);
	pvabi_afile_commit(&a, NULL, 0);
}

/* ---- the decision ----------------------------------------------------- */

static const struct pvabi_engine *named(const char *name, char *why, size_t n)
{
	const struct pvabi_engine *e = pvabi_engine_find(name);
	char pw[200];

	if (!e) {
		snprintf(why, n, "PVABI_ENGINE=%s: no such engine (kvm, qemu-tcg, qemu-kvm, auto)", name);
		return NULL;
	}
	if (e->real_hypervisor) {
		snprintf(why, n, "PVABI_ENGINE=%s: boots a real hypervisor, not the reference platform",
			 name);
		return NULL;
	}
	if (e->probe(pw, sizeof(pw))) {
		snprintf(why, n, "PVABI_ENGINE=%s: unusable here: %s", name, pw);
		return NULL;
	}
	snprintf(why, n, "%s (PVABI_ENGINE)", name);
	return e;
}

/* Calibrates, or without an image falls back to the first engine that
 * probes, saying so. */
static const struct pvabi_engine *decide(char *why, size_t n)
{
	char image[PATH_MAX], key[3 * PATH_MAX], path[PATH_MAX], cmd[32];
	const struct pvabi_engine *e;
	int have_path = cache_path(path, sizeof(path)) == 0;
	size_t i;

	if (pvabi_engine_calibration_image(image, sizeof(image))) {
		for (i = 0; pvabi_engines[i]; i++)
			if (!pvabi_engines[i]->real_hypervisor && !excluded(pvabi_engines[i]->name) &&
			    !pvabi_engines[i]->probe(why, n)) {
				snprintf(why, n, "auto: %s, the first engine that probes (no %s "
					 "to calibrate with; set PVABI_CALIBRATE_IMAGE)",
					 pvabi_engines[i]->name, PVABI_AUTO_IMAGE);
				return pvabi_engines[i];
			}
		snprintf(why, n, "auto: no engine works here (every probe failed)");
		return NULL;
	}
	cache_key(image, key, sizeof(key));
	if (have_path && (e = cache_read(path, key, why, n)))
		return e;
	snprintf(cmd, sizeof(cmd), "count=%d tap=1", PVABI_AUTO_CALLS);
	e = pvabi_engine_calibrate(image, cmd, PVABI_AUTO_RUNS, NULL, why, n);
	i = strlen(why);
	snprintf(why + i, n - i, " [boot + %d calls with TAP lines, median of up to %d]", PVABI_AUTO_CALLS,
		 PVABI_AUTO_RUNS);
	if (e && have_path)
		cache_write(path, key, e, why);
	return e;
}

const struct pvabi_engine *pvabi_engine_auto(char *why, size_t n)
{
	const char *env = getenv("PVABI_ENGINE");

	pthread_mutex_lock(&lock);
	if (!decided) {
		if (env && *env && strcmp(env, "auto"))
			chosen = named(env, chosen_why, sizeof(chosen_why));
		else
			chosen = decide(chosen_why, sizeof(chosen_why));
		decided = 1;
	}
	snprintf(why, n, "%s", chosen_why);
	pthread_mutex_unlock(&lock);
	return chosen;
}

void pvabi_engine_auto_reset(void)
{
	pthread_mutex_lock(&lock);
	decided = 0;
	chosen = NULL;
	pthread_mutex_unlock(&lock);
}
