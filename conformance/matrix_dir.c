/* The results directory of a matrix run: one run at a time (a lock
 * file), and the cells a resumed run keeps checked before they count. */
#include "conformance/matrix.h"
#include "conformance/oracle.h"
#include "conformance/tapparse.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The lock is flock(2) on OUT/.pvabi-lock: the kernel drops it when the
 * run ends however it ends, so a killed run never blocks the next. */
int pvabi_matrix_lock(const char *out, char *err, size_t errlen)
{
	char path[4200], pid[32] = "";
	ssize_t n;
	int fd;

	if (mkdir(out, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", out, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/.pvabi-lock", out);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
		n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
		if (ftruncate(fd, 0) || pwrite(fd, pid, (size_t)n, 0) != n)
			pid[0] = '\0'; /* the pid is a courtesy; the lock is what counts */
		return fd;
	}
	n = errno == EWOULDBLOCK ? pread(fd, pid, sizeof(pid) - 1, 0) : -1;
	pid[n > 0 ? strcspn(pid, "\n") : 0] = '\0';
	if (errno == EWOULDBLOCK || n >= 0)
		snprintf(err, errlen, "%s is in use by another matrix run (pid %s, lock %s); "
			 "wait for it to end or choose another --out", out, pid[0] ? pid : "unknown",
			 path);
	else
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	close(fd);
	return -1;
}

void pvabi_matrix_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

static int same_plan(const struct pvabi_cell *a, const struct pvabi_cell *b)
{
	return !strcmp(a->id, b->id) && !strcmp(a->image_path, b->image_path) &&
	       !strcmp(a->platform, b->platform) && !strcmp(a->engine, b->engine) &&
	       !strcmp(a->engines, b->engines) &&
	       a->pred.kind == b->pred.kind && a->pred.rev == b->pred.rev &&
	       a->pred.neg_status == b->pred.neg_status && a->pred.granted == b->pred.granted &&
	       a->pred.missing == b->pred.missing &&
	       pvabi_cell_features_same(&a->feat, &b->feat);
}

int pvabi_result_verify(const struct pvabi_cell *planned, const struct pvabi_cell_result *r,
			const char *out, char *why, size_t n)
{
	struct pvabi_cell_result again = *r;
	char tap[4200];
	int fd;

	if (!same_plan(planned, &r->cell)) {
		snprintf(why, n, "its file is of another plan (image, platform, engine or prediction)");
		return -1;
	}
	if (!pvabi_cell_counts_match(r)) {
		snprintf(why, n, "its counts (%u passed, %u failed, %u skipped) disagree with its "
			 "%zu checks", r->passed, r->failed, r->skipped, r->nchecks);
		return -1;
	}
	/* The runner's own kill is a TIMEOUT the judge cannot see again. */
	if (!(r->verdict == PVABI_V_TIMEOUT && r->exit_code == -1)) {
		pvabi_oracle_judge(&planned->pred, &again);
		if (again.verdict != r->verdict || strcmp(again.outcome, r->outcome)) {
			snprintf(why, n, "its verdict %s (%s) is not what its exit code and checks "
				 "give (%s, %s)", pvabi_verdict_name(r->verdict), r->outcome,
				 pvabi_verdict_name(again.verdict), again.outcome);
			return -1;
		}
	}
	snprintf(tap, sizeof(tap), "%s/cells/%s.tap", out, r->cell.id);
	if ((fd = pvabi_file_open_regular(tap, NULL, 0)) < 0) {
		snprintf(why, n, "its TAP file %s is missing", tap);
		return -1;
	}
	close(fd);
	return 0;
}
