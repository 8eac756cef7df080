#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
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

static const char *kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket"
	       : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
			    : "not a regular file";
}

static int refuse(const char *path, mode_t m, char *err, size_t errlen)
{
	say(err, errlen, "%s: is %s, not a regular file", path, kind(m));
	return S_ISDIR(m) ? -EISDIR : -EINVAL;
}

int pvabi_file_regular_or_absent(const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;
	return S_ISREG(st.st_mode) ? 0 : refuse(path, st.st_mode, err, errlen);
}

int pvabi_file_open_regular(const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd, e;

	/* stat first so a device is never opened (opening one can act); the
	 * open is non-blocking and checked again in case the name changed. */
	if (stat(path, &st) < 0) {
		e = errno;
		say(err, errlen, "%s: %s", path, strerror(e));
		return -e;
	}
	if (!S_ISREG(st.st_mode))
		return refuse(path, st.st_mode, err, errlen);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		e = errno;
		say(err, errlen, "%s: %s", path, strerror(e));
		return -e;
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		say(err, errlen, "%s: %s", path, strerror(e));
		return -e;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return refuse(path, st.st_mode, err, errlen);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

/* Reads until EOF or max + 1 bytes (so a longer file shows): the size
 * fstat saw is only where to start, a file may change while read. */
static int read_fd(int fd, const char *path, size_t max, struct pvabi_file_buf *out,
		   char *err, size_t errlen)
{
	size_t cap = 0, want;
	ssize_t got;
	char *nb;

	for (;;) {
		if (out->len == cap) {
			want = cap ? cap * 2 : (out->size < max ? (size_t)out->size : max) + 1;
			if (want > max + 1 || want < cap)
				want = max + 1;
			if (want == cap)
				return 0;
			if (!(nb = realloc(out->data, want + 1))) {
				say(err, errlen, "%s: out of memory", path);
				return -ENOMEM;
			}
			out->data = nb;
			cap = want;
		}
		got = read(fd, out->data + out->len, cap - out->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;

			say(err, errlen, "%s: cannot read: %s", path, strerror(e));
			return -e;
		}
		if (got == 0)
			return 0;
		out->len += (size_t)got;
	}
}

int pvabi_file_read(const char *path, size_t max, unsigned int flags,
		    struct pvabi_file_buf *out, char *err, size_t errlen)
{
	struct stat st;
	int fd, rc;

	memset(out, 0, sizeof(*out));
	if (max > SIZE_MAX / 2)
		max = SIZE_MAX / 2;
	if ((fd = pvabi_file_open_regular(path, err, errlen)) < 0)
		return fd;
	out->size = fstat(fd, &st) == 0 ? (uint64_t)st.st_size : 0;
	rc = read_fd(fd, path, max, out, err, errlen);
	close(fd);
	if (!rc && out->len > max) {
		if (out->size < out->len)
			out->size = out->len;
		out->len = max;
		rc = 1;
		if (!(flags & PVABI_FILE_TRUNCATE)) {
			say(err, errlen, "%s: larger than %zu bytes", path, max);
			rc = -EFBIG;
		}
	}
	if (rc < 0) {
		free(out->data);
		memset(out, 0, sizeof(*out));
		return rc;
	}
	out->data[out->len] = '\0';
	return rc;
}
