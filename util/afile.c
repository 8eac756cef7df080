/* One file written atomically (afile.h), and the helpers the set and the
 * transaction code build on (afile_internal.h). */
#include "util/afile_internal.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int (*pvabi_afile_rename)(const char *from, const char *to) = rename;

void afile_say(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* A relative link is relative to the directory of the link. */
static int join_link(char *out, size_t cap, const char *link)
{
	char dir[PVABI_AFILE_PATH];
	char *slash;

	if (link[0] == '/')
		return snprintf(out, cap, "%s", link) >= (int)cap ? -ENAMETOOLONG : 0;
	snprintf(dir, sizeof(dir), "%s", out);
	slash = strrchr(dir, '/');
	slash[1] = '\0';
	return snprintf(out, cap, "%s%s", dir, link) >= (int)cap ? -ENAMETOOLONG : 0;
}

int afile_target(const char *path, char *out, size_t cap)
{
	char cwd[PVABI_AFILE_PATH], link[PVABI_AFILE_PATH];
	ssize_t n;
	int hops, rc;

	if (path[0] == '/')
		rc = snprintf(out, cap, "%s", path) >= (int)cap;
	else if (!getcwd(cwd, sizeof(cwd)))
		return -errno;
	else
		rc = snprintf(out, cap, "%s/%s", strcmp(cwd, "/") ? cwd : "", path) >= (int)cap;
	if (rc)
		return -ENAMETOOLONG;
	/* 40 as the kernel's own limit on a path's links (MAXSYMLINKS) */
	for (hops = 0; hops < 40; hops++) {
		n = readlink(out, link, sizeof(link) - 1);
		if (n < 0)
			return errno == EINVAL || errno == ENOENT ? 0 : -errno;
		link[n] = '\0';
		if ((rc = join_link(out, cap, link)))
			return rc;
	}
	return -ELOOP;
}

int afile_temp(char *tmp, size_t cap, const char *path, const char *what)
{
	const char *slash = strrchr(path, '/');
	int dl = slash ? (int)(slash - path + 1) : 0, fd, e;
	sigset_t block, old;

	if (snprintf(tmp, cap, "%.*s.%s.%s.XXXXXX", dl, path, slash ? slash + 1 : path, what) >=
	    (int)cap)
		return -ENAMETOOLONG;
	/* a signal between the file's creation and its registration would
	 * leave it behind */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	fd = mkostemp(tmp, O_CLOEXEC);
	e = errno;
	if (fd >= 0)
		pvabi_tmpfiles_add(tmp);
	else
		tmp[0] = '\0';
	sigprocmask(SIG_SETMASK, &old, NULL);
	return fd < 0 ? -e : fd;
}

void afile_unlink_temp(char *tmp)
{
	if (!tmp[0])
		return;
	unlink(tmp);
	pvabi_tmpfiles_remove(tmp);
	tmp[0] = '\0';
}

void afile_sync_dir(const char *path)
{
	char dir[PVABI_AFILE_PATH];
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

int afile_same_file(const char *a, const char *b)
{
	struct stat x, y;

	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev &&
	       x.st_ino == y.st_ino;
}

int afile_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t w;

	while (len) {
		w = write(fd, p, len);
		if (w < 0 && errno != EINTR)
			return -errno;
		if (w > 0)
			p += w, len -= (size_t)w;
	}
	return 0;
}

/* The target's permission bits are kept; a new file is 0644. */
static unsigned int target_mode(const char *target)
{
	struct stat st;

	return stat(target, &st) == 0 && S_ISREG(st.st_mode) ? st.st_mode & 07777 : 0644;
}

int pvabi_afile_open(struct pvabi_afile *a, const char *path, char *err, size_t errlen)
{
	int fd, rc;

	memset(a, 0, sizeof(*a));
	if (strlen(path) >= sizeof(a->path)) {
		afile_say(err, errlen, "%.200s...: path too long", path);
		return -ENAMETOOLONG;
	}
	snprintf(a->path, sizeof(a->path), "%s", path);
	/* the new file is renamed over the target: a device or a FIFO there
	 * (--log /dev/null) would be replaced by a regular file */
	if ((rc = afile_target(path, a->target, sizeof(a->target))) == 0 &&
	    (rc = pvabi_file_regular_or_absent(path, err, errlen)))
		return rc;
	if (rc || (rc = fd = afile_temp(a->tmp, sizeof(a->tmp), a->target, "tmp")) < 0) {
		afile_say(err, errlen, "%s: %s", path, strerror(-rc));
		return rc;
	}
	a->mode = target_mode(a->target);
	a->f = fdopen(fd, "w");
	if (!a->f || fchmod(fd, a->mode)) {
		rc = -errno;
		afile_say(err, errlen, "%s: %s", path, strerror(-rc));
		a->f ? fclose(a->f) : close(fd);
		a->f = NULL;
		afile_unlink_temp(a->tmp);
		return rc;
	}
	return 0;
}

int pvabi_afile_close(struct pvabi_afile *a, char *err, size_t errlen)
{
	int e = 0;

	if (!a->f) {
		afile_say(err, errlen, "%s: cannot write: not open", a->path);
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
		afile_unlink_temp(a->tmp);
		afile_say(err, errlen, "%s: cannot write: %s", a->path, strerror(e));
		return -e;
	}
	a->staged = 1;
	return 0;
}

int afile_rename_in(struct pvabi_afile *a, char *err, size_t errlen)
{
	int e;

	a->staged = 0;
	if (pvabi_afile_rename(a->tmp, a->target) == 0) {
		pvabi_tmpfiles_remove(a->tmp);
		a->tmp[0] = '\0';
		afile_sync_dir(a->target);
		return 0;
	}
	e = errno;
	afile_unlink_temp(a->tmp);
	afile_say(err, errlen, "%s: cannot write: %s", a->path, strerror(e));
	return -e;
}

int pvabi_afile_commit(struct pvabi_afile *a, char *err, size_t errlen)
{
	int rc = pvabi_afile_close(a, err, errlen);

	return rc ? rc : afile_rename_in(a, err, errlen);
}

void pvabi_afile_abort(struct pvabi_afile *a)
{
	if (a->f)
		fclose(a->f);
	a->f = NULL;
	a->staged = 0;
	afile_unlink_temp(a->tmp);
}

int pvabi_afile_write(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	struct pvabi_afile a;
	int rc = pvabi_afile_open(&a, path, err, errlen);

	if (rc)
		return rc;
	/* a short write sets the stream's error, which commit reports */
	if (len)
		fwrite(data, 1, len, a.f);
	return pvabi_afile_commit(&a, err, errlen);
}

int pvabi_afile_copy(const char *from, const char *to, char *err, size_t errlen)
{
	char buf[65536];
	struct pvabi_afile a;
	struct stat st;
	ssize_t got;
	int in = pvabi_file_open_regular(from, err, errlen), rc;

	if (in < 0)
		return in;
	if ((rc = pvabi_afile_open(&a, to, err, errlen)))
		goto out;
	if (fstat(in, &st) == 0 && access(a.target, F_OK) && errno == ENOENT &&
	    fchmod(fileno(a.f), (a.mode = st.st_mode & 07777)))
		rc = -errno;
	while (!rc && (got = read(in, buf, sizeof(buf))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			rc = -errno;
		else if (fwrite(buf, 1, (size_t)got, a.f) != (size_t)got)
			rc = ferror(a.f) && errno ? -errno : -EIO;
	}
	if (rc) {
		afile_say(err, errlen, "%s: cannot copy to %s: %s", from, to, strerror(-rc));
		pvabi_afile_abort(&a);
		goto out;
	}
	rc = pvabi_afile_commit(&a, err, errlen);
out:
	close(in);
	return rc;
}
