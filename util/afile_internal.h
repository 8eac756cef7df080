/* What the atomic-write files of util/ share: afile.c defines these and
 * calls nothing of the others; afile_set.c and afile_txn.c build on it,
 * and both use the journal of afile_journal.c. */
#ifndef PVABI_UTIL_AFILE_INTERNAL_H
#define PVABI_UTIL_AFILE_INTERNAL_H

#include "util/afile.h"

#include <stddef.h>

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void afile_say(char *err, size_t errlen, const char *fmt, ...);
/* path with every symlink of its last component followed, made absolute,
 * in out: 0 or -errno (-ELOOP, -ENAMETOOLONG). */
int afile_target(const char *path, char *out, size_t cap);
/* Creates a unique file ".<name>.<what>.XXXXXX" beside path, registered
 * for removal on a signal: its descriptor, or -errno. */
int afile_temp(char *tmp, size_t cap, const char *path, const char *what);
/* Unlinks a registered temp file and forgets it; clears the name. */
void afile_unlink_temp(char *tmp);
/* Syncs the directory holding path: a rename is durable only then. */
void afile_sync_dir(const char *path);
/* Renames a's staged temp file over its target; 0 or -errno with err
 * (the temp file is then removed). */
int afile_rename_in(struct pvabi_afile *a, char *err, size_t errlen);
/* 1 when a and b are links of one file (rename between them does nothing). */
int afile_same_file(const char *a, const char *b);
/* Writes len bytes to fd whatever the short writes: 0 or -errno. */
int afile_write_all(int fd, const void *data, size_t len);

/* The journal of a set published under a transaction: target, backup
 * ("" when the target did not exist) and temp file of each of n entries.
 * write puts it in place whole (by rename); 0 or -errno with err. */
struct afile_entry {
	const char *target, *backup, *tmp;
};
int afile_journal_write(const char *journal, const struct afile_entry *e, size_t n,
			char *err, size_t errlen);
/* Rolls back the set a journal names (see afile.h) and removes it. */
void afile_journal_recover(const char *journal, pvabi_afile_note_fn *note);

#endif
