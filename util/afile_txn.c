/* The lock and the crash recovery of a transaction (afile.h). */
#include "util/afile_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Locks the lock file as it is now: the holder before us removes the
 * file when it ends, and a lock on the removed file would exclude
 * nobody. */
static int take_lock(struct pvabi_afile_txn *t, pvabi_afile_note_fn *note, char *err,
		     size_t errlen)
{
	struct stat a, b;
	int e;

	for (;;) {
		t->lock_fd = open(t->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (t->lock_fd < 0) {
			e = errno;
			afile_say(err, errlen, "%s: cannot create the lock: %s", t->lock, strerror(e));
			return -e;
		}
		if (flock(t->lock_fd, LOCK_EX | LOCK_NB) && errno == EWOULDBLOCK) {
			if (note)
				note(PVABI_AFILE_WAITING, t->lock);
			while (flock(t->lock_fd, LOCK_EX) && errno == EINTR)
				;
		}
		if (fstat(t->lock_fd, &a) == 0 && stat(t->lock, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return 0;
		close(t->lock_fd);
	}
}

int pvabi_afile_txn_begin(struct pvabi_afile_txn *t, const char *anchor,
			  pvabi_afile_note_fn *note, char *err, size_t errlen)
{
	char target[PVABI_AFILE_PATH];
	const char *base;
	int rc;

	memset(t, 0, sizeof(*t));
	t->lock_fd = -1;
	if ((rc = afile_target(anchor, target, sizeof(target)))) {
		afile_say(err, errlen, "%s: %s", anchor, strerror(-rc));
		return rc;
	}
	base = strrchr(target, '/') + 1;
	snprintf(t->lock, sizeof(t->lock), "%s.lock", target);
	snprintf(t->journal, sizeof(t->journal), "%.*s.%s.pvabi-txn", (int)(base - target),
		 target, base);
	if ((rc = take_lock(t, note, err, errlen)))
		return rc;
	afile_journal_recover(t->journal, note);
	return 0;
}

void pvabi_afile_txn_end(struct pvabi_afile_txn *t)
{
	if (t->lock_fd < 0)
		return;
	unlink(t->lock);
	close(t->lock_fd);
	t->lock_fd = -1;
}
