/* Every report file of a result directory, written as one set: the four
 * reports appear together or the old ones stay (util/afile.h), so a
 * failed or interrupted write never leaves a mix of two runs. */
#include "conformance/report.h"
#include "util/afile.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const names[] = { "matrix.txt", "junit.xml", "results.json", "index.html" };
#define NREPORTS (sizeof(names) / sizeof(names[0]))

static void write_one(FILE *f, size_t k, const char *dir, const struct pvabi_cell_result *r,
		      size_t n, const struct pvabi_findings *fd)
{
	switch (k) {
	case 0:
		pvabi_report_table(f, r, n, 0);
		pvabi_report_findings_text(f, fd);
		break;
	case 1: pvabi_report_junit_with(f, r, n, fd); break;
	case 2: pvabi_report_json_with(f, r, n, fd); break;
	default: pvabi_report_html_with(f, dir, r, n, fd); break;
	}
}

int pvabi_report_write_all(const char *dir, const struct pvabi_cell_result *r, size_t n,
			   char *err, size_t errlen)
{
	return pvabi_report_write_all_with(dir, r, n, NULL, err, errlen);
}

int pvabi_report_write_all_with(const char *dir, const struct pvabi_cell_result *r, size_t n,
				const struct pvabi_findings *fd, char *err, size_t errlen)
{
	struct pvabi_afile a[NREPORTS], *set[NREPORTS];
	char path[4096];
	size_t k;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (k = 0; k < NREPORTS; k++) {
		set[k] = &a[k];
		snprintf(path, sizeof(path), "%s/%s", dir, names[k]);
		if (pvabi_afile_open(&a[k], path, err, errlen)) {
			while (k-- > 0)
				pvabi_afile_abort(&a[k]);
			return -1;
		}
		write_one(a[k].f, k, dir, r, n, fd);
	}
	return pvabi_afile_publish(set, NREPORTS, err, errlen) ? -1 : 0;
}

int pvabi_report_remove_all(const char *dir, char *err, size_t errlen)
{
	char path[4096];
	size_t k;

	for (k = 0; k < NREPORTS; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[k]);
		if (unlink(path) && errno != ENOENT) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}
