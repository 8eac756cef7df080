/* The one whole-file reader. Input paths (a spec, a registry, a guest
 * image, a result file) may name anything: a FIFO, a device or a
 * directory is refused at once with a clear error, before a single byte
 * is read, so nothing ever waits on a writer that does not come. */
#ifndef PVABI_UTIL_FILE_H
#define PVABI_UTIL_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Read at most max bytes and succeed (returning 1) when the file is
 * larger, instead of refusing it with -EFBIG. */
#define PVABI_FILE_TRUNCATE 1u

struct pvabi_file_buf {
	char *data;    /* malloc'd, NUL-terminated; free() it */
	size_t len;    /* bytes in data, NUL excluded */
	uint64_t size; /* the file's size when it was opened */
};

/* 0 when path does not exist or is a regular file; otherwise -EISDIR or
 * -EINVAL with "path: is a FIFO, not a regular file" (a directory, a
 * device...) in err. For writers that replace a file whole: renaming a
 * new file over a device or a FIFO would put a regular file in its place. */
int pvabi_file_regular_or_absent(const char *path, char *err, size_t errlen);
/* Opens path read-only (O_CLOEXEC) if it is a regular file; a FIFO is
 * never waited on. Returns the descriptor, or -errno with "path: why" in
 * err (when err is not NULL): -EISDIR for a directory, -EINVAL for any
 * other file that is not regular. */
int pvabi_file_open_regular(const char *path, char *err, size_t errlen);

/* Reads the regular file path whole (at most max bytes) into *out.
 * Returns 0; 1 when cut at max with PVABI_FILE_TRUNCATE; or -errno with
 * "path: why" in err, *out then empty: -EFBIG when larger than max. */
int pvabi_file_read(const char *path, size_t max, unsigned int flags,
		    struct pvabi_file_buf *out, char *err, size_t errlen);

#endif
