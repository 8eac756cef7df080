/* The one way files are written: a file appears under its name only when
 * complete. Each is written to a temp file in the same directory,
 * flushed and fsync'd, then renamed over its name; on any failure the
 * temp file is removed and the old file is untouched. Several files can
 * be published together or not at all. Every live temp file is known to
 * a registry, so pvabi_tmpfiles_on_signals() makes SIGINT, SIGTERM and
 * SIGHUP remove them before the process dies. Errors are returned,
 * never exit(). */
#ifndef PVABI_UTIL_AFILE_H
#define PVABI_UTIL_AFILE_H

#include <stddef.h>
#include <stdio.h>

struct pvabi_afile {
	FILE *f;        /* write here between open and commit/close */
	char path[4096];
	char tmp[4120];
	int staged;     /* closed by pvabi_afile_close, awaiting publish */
};

/* Creates path's temp file (mode 0644). 0, or -errno with "path: why" in
 * err. */
int pvabi_afile_open(struct pvabi_afile *a, const char *path, char *err, size_t errlen);
/* Flushes, syncs, renames over path (and syncs the directory): 0, or
 * -errno with "path: cannot write: why" in err; the temp file is then
 * removed. */
int pvabi_afile_commit(struct pvabi_afile *a, char *err, size_t errlen);
/* Drops the temp file; path is untouched. Safe on a finished afile. */
void pvabi_afile_abort(struct pvabi_afile *a);

/* For a set: flushes, syncs and closes the temp file without renaming
 * it. 0, or -errno with err (the temp file is then removed). */
int pvabi_afile_close(struct pvabi_afile *a, char *err, size_t errlen);
/* Renames every staged file of v over its path, all or none: an existing
 * target is first kept as a hard link, and restored if a later rename
 * fails. Files still open are closed first; a NULL entry or a failed
 * file fails the set. Every entry is finished afterwards (temp files
 * gone). 0, or -errno with err. */
int pvabi_afile_publish(struct pvabi_afile **v, size_t n, char *err, size_t errlen);

/* The registry of temp files. add copies path; 0 or -ENOMEM/-ENOSPC
 * (the file is then just not removed on a signal). */
int pvabi_tmpfiles_add(const char *path);
void pvabi_tmpfiles_remove(const char *path);
/* Unlinks every registered path; async-signal-safe. */
void pvabi_tmpfiles_unlink_all(void);
/* Installs handlers for SIGINT, SIGTERM and SIGHUP that unlink every
 * registered temp file, then die of the signal as before. A signal whose
 * handler is already set (not SIG_DFL) is left alone. 0 or -errno. */
int pvabi_tmpfiles_on_signals(void);

#endif
