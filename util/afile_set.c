/* Sets of files published together or not at all, with or without a
 * transaction's journal (afile.h). */
#include "util/afile_internal.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct backup {
	char path[PVABI_AFILE_PATH + 32]; /* empty: the target did not exist */
	int kept;                         /* a failed restore: left for recovery */
};

static void abort_all(struct pvabi_afile **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i])
			pvabi_afile_abort(v[i]);
}

/* Every entry closed and staged, or -errno. */
static int stage_all(struct pvabi_afile **v, size_t n, char *err, size_t errlen)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (!v[i]) {
			afile_say(err, errlen, "a file of the set could not be created");
			return -EINVAL;
		}
		if (v[i]->f && (rc = pvabi_afile_close(v[i], err, errlen)))
			return rc;
		if (!v[i]->staged) {
			afile_say(err, errlen, "%s: cannot write: not completed", v[i]->path);
			return -EINVAL;
		}
	}
	return 0;
}

/* Keeps an existing target as a hard link beside it. */
static int keep_old(const struct pvabi_afile *a, struct backup *b, char *err, size_t errlen)
{
	struct stat st;
	int fd, e;

	b->path[0] = '\0';
	if (lstat(a->target, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		e = errno;
		afile_say(err, errlen, "%s: %s", a->path, strerror(e));
		return -e;
	}
	if (S_ISDIR(st.st_mode))
		return 0; /* no file to keep: the rename over it fails */
	if ((fd = afile_temp(b->path, sizeof(b->path), a->target, "old")) < 0) {
		afile_say(err, errlen, "%s: cannot keep the old file: %s", a->path, strerror(-fd));
		return fd;
	}
	close(fd);
	if (unlink(b->path) == 0 && link(a->target, b->path) == 0)
		return 0;
	e = errno;
	pvabi_tmpfiles_remove(b->path);
	b->path[0] = '\0';
	afile_say(err, errlen, "%s: cannot keep the old file: %s", a->path, strerror(e));
	return -e;
}

static void drop_backups(struct backup *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i].path[0] && !b[i].kept)
			afile_unlink_temp(b[i].path);
		else if (b[i].path[0])
			pvabi_tmpfiles_remove(b[i].path);
}

/* Puts the first k targets back as they were before the publish; a
 * backup that cannot be put back is kept and named in err. The number of
 * those. */
static int roll_back(struct pvabi_afile **v, struct backup *b, size_t k, int journal,
		     char *err, size_t errlen)
{
	size_t i;
	int kept = 0, e;

	for (i = 0; i < k; i++) {
		if (!b[i].path[0]) {
			unlink(v[i]->target);
		} else if (rename(b[i].path, v[i]->target) == 0) {
			pvabi_tmpfiles_remove(b[i].path);
			b[i].path[0] = '\0';
		} else {
			e = errno;
			b[i].kept = 1;
			kept++;
			afile_say(err, errlen, "%s: cannot write, and putting the old file back failed "
				  "(%s): %s holds it%s", v[i]->path, strerror(e), b[i].path,
				  journal ? "; the next run restores it" : "");
		}
		afile_sync_dir(v[i]->target);
	}
	return kept;
}

static int write_journal(const char *journal, struct pvabi_afile **v, const struct backup *b,
			 size_t n, char *err, size_t errlen)
{
	struct afile_entry *e = calloc(n ? n : 1, sizeof(*e));
	size_t i;
	int rc;

	if (!e) {
		afile_say(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		e[i].target = v[i]->target;
		e[i].backup = b[i].path;
		e[i].tmp = v[i]->tmp;
	}
	rc = afile_journal_write(journal, e, n, err, errlen);
	free(e);
	return rc;
}

/* The renames, with the signals that would stop the program between two
 * of them held until the set is in place or rolled back. */
static int rename_all(struct pvabi_afile_txn *t, struct pvabi_afile **v, struct backup *b,
		      size_t n, char *err, size_t errlen)
{
	sigset_t block, old;
	size_t k;
	int rc = 0;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	if (t)
		rc = write_journal(t->journal, v, b, n, err, errlen);
	for (k = 0; !rc && k < n; k++)
		if ((rc = afile_rename_in(v[k], err, errlen)))
			break;
	/* the journal's removal is the commit point (or the end of a clean
	 * roll-back); with a failed restore it stays for the next run */
	if ((rc == 0 || roll_back(v, b, k, t != NULL, err, errlen) == 0) && t) {
		unlink(t->journal);
		afile_sync_dir(t->journal);
	}
	drop_backups(b, n);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int pvabi_afile_txn_publish(struct pvabi_afile_txn *t, struct pvabi_afile **v, size_t n,
			    char *err, size_t errlen)
{
	struct backup *b = calloc(n ? n : 1, sizeof(*b));
	size_t i;
	int rc = b ? stage_all(v, n, err, errlen) : -ENOMEM;

	if (!b)
		afile_say(err, errlen, "out of memory");
	for (i = 0; !rc && i < n; i++)
		rc = keep_old(v[i], &b[i], err, errlen);
	if (!rc)
		rc = rename_all(t, v, b, n, err, errlen);
	else if (b)
		drop_backups(b, n);
	abort_all(v, n);
	free(b);
	return rc;
}

int pvabi_afile_publish(struct pvabi_afile **v, size_t n, char *err, size_t errlen)
{
	return pvabi_afile_txn_publish(NULL, v, n, err, errlen);
}
