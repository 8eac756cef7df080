/* The one way files are written: a file appears under its name only when
 * complete. Each is written to a temp file beside the file it replaces,
 * flushed and fsync'd, then renamed over it; on any failure the temp file
 * is removed and the old file is untouched.
 *
 * - A symlink stays a symlink: the file it points to (through any chain
 *   of links) is what gets replaced, and the temp file is made beside it.
 * - The replaced file's permission bits are kept; a new file is 0644.
 * - Several files are published together or not at all: every old file
 *   is first kept as a hard link, and put back if a later rename fails.
 * - A transaction (pvabi_afile_txn_*) adds a lock, so runs on the same
 *   files wait for each other, and a journal, so a run killed between
 *   two renames is rolled back by the next one (see "Transactions").
 * - Every live temp file is known to a registry, so
 *   pvabi_tmpfiles_on_signals() makes SIGINT, SIGTERM and SIGHUP remove
 *   them before the process dies; while a set is being renamed into place
 *   those signals wait, so none lands between two renames.
 *
 * Errors are returned (-errno, with "path: why" in err), never exit(). */
#ifndef PVABI_UTIL_AFILE_H
#define PVABI_UTIL_AFILE_H

#include <stddef.h>
#include <stdio.h>

#define PVABI_AFILE_PATH 4096

struct pvabi_afile {
	FILE *f;                        /* write here between open and commit */
	char path[PVABI_AFILE_PATH];    /* as named by the caller: in messages */
	char target[PVABI_AFILE_PATH];  /* absolute, symlinks followed: replaced */
	char tmp[PVABI_AFILE_PATH + 32];
	unsigned int mode;              /* permission bits the file will have */
	int staged;                     /* closed by pvabi_afile_close, awaiting publish */
};

/* Creates the temp file of path's target. 0, or -errno with "path: why"
 * in err (-ELOOP for a cycle of symlinks). */
int pvabi_afile_open(struct pvabi_afile *a, const char *path, char *err, size_t errlen);
/* Flushes, syncs, renames over the target (and syncs its directory): 0,
 * or -errno with "path: cannot write: why" in err; the temp file is then
 * removed. */
int pvabi_afile_commit(struct pvabi_afile *a, char *err, size_t errlen);
/* Drops the temp file; path is untouched. Safe on a finished afile. */
void pvabi_afile_abort(struct pvabi_afile *a);

/* path holds exactly len bytes of data afterwards, or is untouched. */
int pvabi_afile_write(const char *path, const void *data, size_t len, char *err, size_t errlen);
/* to becomes a copy of the regular file from (a new to gets from's
 * permission bits); -ENOENT with "from: ..." when from does not exist. */
int pvabi_afile_copy(const char *from, const char *to, char *err, size_t errlen);

/* For a set: flushes, syncs and closes the temp file without renaming
 * it. 0, or -errno with err (the temp file is then removed). */
int pvabi_afile_close(struct pvabi_afile *a, char *err, size_t errlen);
/* Renames every staged file of v over its target, all or none: an
 * existing target is first kept as a hard link, and restored if a later
 * rename fails (a target that did not exist is removed again). Files
 * still open are closed first; a NULL entry or a failed file fails the
 * set. Every entry is finished afterwards (temp files gone). 0, or -errno
 * with err. */
int pvabi_afile_publish(struct pvabi_afile **v, size_t n, char *err, size_t errlen);

/* --- Transactions -----------------------------------------------------------
 * For files that must change together even across a crash (a spec and
 * its registry). begin takes an exclusive lock on "<anchor's target>.lock"
 * (waiting for another holder; note(PVABI_AFILE_WAITING, lock) is called
 * first) and rolls back whatever a killed run left: the journal
 * ".<name>.pvabi-txn" beside the anchor's target lists every target of a
 * set with its backup and temp file, is written (complete, by rename)
 * before the first rename of a set and removed after the last one, which
 * is the commit point. Rolling back puts every backup over its target
 * (note(PVABI_AFILE_RESTORED, target) for each), removes targets that were
 * new, and removes the temp files. The window left: a run killed between
 * two renames leaves the set half-published until the next begin. */
enum { PVABI_AFILE_WAITING, PVABI_AFILE_RESTORED };

typedef void pvabi_afile_note_fn(int what, const char *path);

struct pvabi_afile_txn {
	int lock_fd;
	char lock[PVABI_AFILE_PATH + 8];
	char journal[PVABI_AFILE_PATH + 16];
};

/* 0, or -errno with the reason in err; note may be NULL. */
int pvabi_afile_txn_begin(struct pvabi_afile_txn *t, const char *anchor,
			  pvabi_afile_note_fn *note, char *err, size_t errlen);
/* pvabi_afile_publish under t's journal. If a restore fails as well, the
 * journal and the backups stay and err says so: the next begin restores. */
int pvabi_afile_txn_publish(struct pvabi_afile_txn *t, struct pvabi_afile **v, size_t n,
			    char *err, size_t errlen);
/* Releases the lock and removes the lock file. Safe twice. */
void pvabi_afile_txn_end(struct pvabi_afile_txn *t);

/* The rename of a temp file over its target; tests replace it to make the
 * n-th rename of a set fail, or to kill a run between two renames. */
extern int (*pvabi_afile_rename)(const char *from, const char *to);

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
