#include "util/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void say(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* A temp name beside path, so the rename never crosses a filesystem. */
static int make_temp(char *tmp, size_t cap, const char *path, const char *what)
{
	const char *slash = strrchr(path, '/');
	int dl = slash ? (int)(slash - path + 1) : 0;

	if (snprintf(tmp, cap, "%.*s.%s.%s.XXXXXX", dl, path, slash ? slash + 1 : path, what) >=
	    (int)cap)
		return -ENAMETOOLONG;
	return mkostemp(tmp, O_CLOEXEC);
}

int pvabi_afile_open(struct pvabi_afile *a, const char *path, char *err, size_t errlen)
{
	int fd, e;

	memset(a, 0, sizeof(*a));
	if (strlen(path) >= sizeof(a->path)) {
		say(err, errlen, "%.200s...: path too long", path);
		return -ENAMETOOLONG;
	}
	snprintf(a->path, sizeof(a->path), "%s", path);
	fd = make_temp(a->tmp, sizeof(a->tmp), path, "tmp");
	if (fd < 0) {
		e = fd == -ENAMETOOLONG ? ENAMETOOLONG : errno;
		say(err, errlen, "%s: %s", path, strerror(e));
		return -e;
	}
	pvabi_tmpfiles_add(a->tmp);
	fchmod(fd, 0644);
	a->f = fdopen(fd, "w");
	if (!a->f) {
		e = errno;
		say(err, errlen, "%s: %s", path, strerror(e));
		close(fd);
		unlink(a->tmp);
		pvabi_tmpfiles_remove(a->tmp);
		a->tmp[0] = '\0';
		return -e;
	}
	return 0;
}

/* The rename is durable only once the directory itself is synced. */
static void sync_dir(const char *path)
{
	char dir[4096];
	char *slash;
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static void drop_temp(struct pvabi_afile *a)
{
	if (!a->tmp[0])
		return;
	unlink(a->tmp);
	pvabi_tmpfiles_remove(a->tmp);
	a->tmp[0] = '\0';
}

int pvabi_afile_close(struct pvabi_afile *a, char *err, size_t errlen)
{
	int e = 0;

	if (!a->f) {
		say(err, errlen, "%s: cannot write: not open", a->path);
		return -EBADF;
	}
	/* After a failed write, errno is still that write's (ENOSPC for a
	 * full disk) unless something failed since. */
	if (ferror(a->f))
		e = errno ? errno : EIO;
	else if (fflush(a->f) || fsync(fileno(a->f)))
		e = errno ? errno : EIO;
	if (fclose(a->f) && !e)
		e = errno ? errno : EIO;
	a->f = NULL;
	if (e) {
		drop_temp(a);
		say(err, errlen, "%s: cannot write: %s", a->path, strerror(e));
		return -e;
	}
	a->staged = 1;
	return 0;
}

static int rename_in(struct pvabi_afile *a, char *err, size_t errlen)
{
	int e;

	if (rename(a->tmp, a->path) == 0) {
		pvabi_tmpfiles_remove(a->tmp);
		a->tmp[0] = '\0';
		a->staged = 0;
		sync_dir(a->path);
		return 0;
	}
	e = errno;
	drop_temp(a);
	a->staged = 0;
	say(err, errlen, "%s: cannot write: %s", a->path, strerror(e));
	return -e;
}

int pvabi_afile_commit(struct pvabi_afile *a, char *err, size_t errlen)
{
	int rc = pvabi_afile_close(a, err, errlen);

	return rc ? rc : rename_in(a, err, errlen);
}

void pvabi_afile_abort(struct pvabi_afile *a)
{
	if (a->f)
		fclose(a->f);
	a->f = NULL;
	a->staged = 0;
	drop_temp(a);
}

/* --- sets of files -------------------------------------------------------- */

struct backup {
	char path[4120]; /* empty: the target did not exist */
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
			say(err, errlen, "a file of the set could not be created");
			return -EINVAL;
		}
		if (v[i]->f && (rc = pvabi_afile_close(v[i], err, errlen)))
			return rc;
		if (!v[i]->staged) {
			say(err, errlen, "%s: cannot write: not completed", v[i]->path);
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
	if (lstat(a->path, &st) < 0)
		return errno == ENOENT ? 0 : (e = errno, say(err, errlen, "%s: %s", a->path,
							      strerror(e)), -e);
	if (S_ISDIR(st.st_mode))
		return 0; /* no file to keep: the rename over it fails */
	if ((fd = make_temp(b->path, sizeof(b->path), a->path, "old")) < 0) {
		e = fd == -ENAMETOOLONG ? ENAMETOOLONG : errno;
		b->path[0] = '\0';
		say(err, errlen, "%s: cannot keep the old file: %s", a->path, strerror(e));
		return -e;
	}
	close(fd);
	pvabi_tmpfiles_add(b->path);
	if (unlink(b->path) == 0 && link(a->path, b->path) == 0)
		return 0;
	e = errno;
	pvabi_tmpfiles_remove(b->path);
	b->path[0] = '\0';
	say(err, errlen, "%s: cannot keep the old file: %s", a->path, strerror(e));
	return -e;
}

static void drop_backups(struct backup *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i].path[0]) {
			unlink(b[i].path);
			pvabi_tmpfiles_remove(b[i].path);
		}
}

/* Puts the first k targets back as they were before the publish. */
static void roll_back(struct pvabi_afile **v, struct backup *b, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++) {
		if (!b[i].path[0]) {
			unlink(v[i]->path);
		} else if (rename(b[i].path, v[i]->path) == 0) {
			pvabi_tmpfiles_remove(b[i].path);
			b[i].path[0] = '\0';
		}
	}
}

int pvabi_afile_publish(struct pvabi_afile **v, size_t n, char *err, size_t errlen)
{
	struct backup *b = calloc(n ? n : 1, sizeof(*b));
	size_t i, k = 0;
	int rc = b ? stage_all(v, n, err, errlen) : -ENOMEM;

	if (!b)
		say(err, errlen, "out of memory");
	for (i = 0; !rc && i < n; i++)
		rc = keep_old(v[i], &b[i], err, errlen);
	for (k = 0; !rc && k < n; k++)
		if ((rc = rename_in(v[k], err, errlen)))
			break;
	if (rc && b)
		roll_back(v, b, k);
	if (b)
		drop_backups(b, n);
	abort_all(v, n);
	free(b);
	return rc;
}
