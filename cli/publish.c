/* All-or-nothing replacement of the files a release command edits; the
 * protocol and its crash window are described in publish.h. */
#include "cli/publish.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int (*cli_publish_rename)(const char *from, const char *to) = rename;

struct slot {
	char target[4096], tmp[4200], bak[4200];
	int have_tmp, have_bak, renamed;
};

static int fail(char *err, size_t errlen, int e, const char *what, const char *path)
{
	snprintf(err, errlen, "%s %s: %s", what, path, strerror(e));
	return -e;
}

/* D/.B.suffix beside target D/B. */
static int sibling(char *out, size_t n, const char *target, const char *suffix)
{
	const char *slash = strrchr(target, '/');
	int len = (int)(slash - target);

	if (snprintf(out, n, "%.*s/.%s.%s", len, target, slash + 1, suffix) >= (int)n)
		return -ENAMETOOLONG;
	return 0;
}

static void sync_dir_of(const char *path)
{
	char copy[4096];
	int fd;

	snprintf(copy, sizeof(copy), "%s", path);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static int write_file(const char *path, const char *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600), rc = 0;
	ssize_t w;

	if (fd < 0)
		return -errno;
	while (len && rc == 0) {
		w = write(fd, data, len);
		if (w < 0 && errno != EINTR)
			rc = -errno;
		else if (w > 0)
			data += w, len -= (size_t)w;
	}
	if (rc == 0 && (fchmod(fd, mode & 07777) || fsync(fd)))
		rc = -errno;
	if (close(fd) && rc == 0)
		rc = -errno;
	return rc;
}

/* rename() between two links of one file does nothing, not even remove
 * the source: a backup of a target never replaced is only unlinked. */
static int same_file(const char *a, const char *b)
{
	struct stat x, y;

	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev &&
	       x.st_ino == y.st_ino;
}

/* Puts every target that has a backup back; removes what the run left. */
static void rollback(const char *journal)
{
	char buf[4 * 4096 + 16], *p;
	struct slot s;
	ssize_t n;
	int fd = open(journal, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	for (p = buf; n > 0 && p < buf + n; p += strlen(p) + 1) {
		if (strlen(p) >= sizeof(s.target))
			continue;
		memcpy(s.target, p, strlen(p) + 1);
		if (!strchr(s.target, '/') || sibling(s.bak, sizeof(s.bak), s.target, "pvabi-old") ||
		    sibling(s.tmp, sizeof(s.tmp), s.target, "pvabi-new"))
			continue;
		if (!same_file(s.bak, s.target) && rename(s.bak, s.target) == 0)
			fprintf(stderr, "pvabi: restored %s as it was before an interrupted release command\n",
				s.target);
		unlink(s.bak);
		unlink(s.tmp);
		sync_dir_of(s.target);
	}
	unlink(journal);
	sync_dir_of(journal);
}

int cli_txn_begin(struct cli_txn *t, const char *anchor, char *err, size_t errlen)
{
	char real[PATH_MAX];
	struct stat a, b;

	t->lock_fd = -1;
	if (!realpath(anchor, real))
		return fail(err, errlen, errno, "cannot resolve", anchor);
	if (snprintf(t->lock, sizeof(t->lock), "%s.lock", real) >= (int)sizeof(t->lock) ||
	    sibling(t->journal, sizeof(t->journal), real, "pvabi-txn"))
		return fail(err, errlen, ENAMETOOLONG, "cannot lock", anchor);
	for (;;) {
		t->lock_fd = open(t->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (t->lock_fd < 0)
			return fail(err, errlen, errno, "cannot create the lock", t->lock);
		if (flock(t->lock_fd, LOCK_EX | LOCK_NB) && errno == EWOULDBLOCK) {
			fprintf(stderr, "pvabi: waiting for another release command (%s)\n", t->lock);
			flock(t->lock_fd, LOCK_EX);
		}
		/* the holder before us removes the file: lock the current one */
		if (fstat(t->lock_fd, &a) == 0 && stat(t->lock, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			break;
		close(t->lock_fd);
	}
	rollback(t->journal);
	return 0;
}

void cli_txn_end(struct cli_txn *t)
{
	if (t->lock_fd < 0)
		return;
	unlink(t->lock);
	close(t->lock_fd);
	t->lock_fd = -1;
}

/* Temps with the new content and backups of the old, every one before
 * the first rename. */
static int stage(struct slot *s, const struct cli_out *o, char *err, size_t errlen)
{
	struct stat st;
	int rc;

	if (!realpath(o->path, s->target))
		return fail(err, errlen, errno, "cannot resolve", o->path);
	if (stat(s->target, &st))
		return fail(err, errlen, errno, "cannot stat", s->target);
	if (sibling(s->tmp, sizeof(s->tmp), s->target, "pvabi-new") ||
	    sibling(s->bak, sizeof(s->bak), s->target, "pvabi-old"))
		return fail(err, errlen, ENAMETOOLONG, "cannot write", o->path);
	unlink(s->tmp);
	if ((rc = write_file(s->tmp, o->data, o->len, st.st_mode)))
		return fail(err, errlen, -rc, "cannot write", s->tmp);
	s->have_tmp = 1;
	unlink(s->bak);
	if (link(s->target, s->bak))
		return fail(err, errlen, errno, "cannot back up", s->target);
	s->have_bak = 1;
	return 0;
}

static int write_journal(const char *journal, const struct slot *s, size_t n)
{
	char buf[CLI_PUBLISH_MAX * 4096];
	size_t len = 0, i;

	for (i = 0; i < n; i++) {
		memcpy(buf + len, s[i].target, strlen(s[i].target) + 1);
		len += strlen(s[i].target) + 1;
	}
	unlink(journal);
	return write_file(journal, buf, len, 0644);
}

/* Renames every temp over its target; on a failure puts back the
 * targets already replaced. */
static int commit(struct slot *s, size_t n, const char *journal, char *err, size_t errlen)
{
	size_t i, j;
	int e, kept = 0;

	for (i = 0; i < n; i++) {
		if (cli_publish_rename(s[i].tmp, s[i].target) == 0) {
			s[i].renamed = 1;
			s[i].have_tmp = 0;
			continue;
		}
		e = errno;
		fail(err, errlen, e, "cannot replace", s[i].target);
		for (j = 0; j < i; j++)
			if (rename(s[j].bak, s[j].target) == 0)
				s[j].have_bak = 0;
			else
				kept = snprintf(err, errlen, "cannot replace %s (%s), and restoring %s "
						"failed: the next release command restores it from %s",
						s[i].target, strerror(e), s[j].target, s[j].bak);
		if (!kept)
			unlink(journal);
		return -e;
	}
	unlink(journal);
	sync_dir_of(journal);
	return 0;
}

int cli_publish(struct cli_txn *t, const struct cli_out *v, size_t n, char *err,
		size_t errlen)
{
	struct slot s[CLI_PUBLISH_MAX];
	sigset_t block, old;
	size_t i;
	int rc = 0;

	if (n > CLI_PUBLISH_MAX)
		return fail(err, errlen, EINVAL, "too many files for one release:", v[0].path);
	memset(s, 0, sizeof(s));
	/* an interrupt between two renames would leave half a release */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	for (i = 0; i < n && rc == 0; i++)
		rc = stage(&s[i], &v[i], err, errlen);
	if (rc == 0 && (rc = write_journal(t->journal, s, n)))
		fail(err, errlen, -rc, "cannot write", t->journal);
	if (rc == 0)
		rc = commit(s, n, t->journal, err, errlen);
	for (i = 0; i < n; i++) {
		if (s[i].have_tmp)
			unlink(s[i].tmp);
		if (s[i].have_bak && (rc == 0 || !s[i].renamed))
			unlink(s[i].bak);
		if (s[i].renamed)
			sync_dir_of(s[i].target);
	}
	if (rc && !s[0].renamed)
		unlink(t->journal);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
