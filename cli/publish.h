/* Replacing several files together or not at all, under a lock.
 *
 * A release edits the spec and the registry; a reader must never see one
 * changed without the other. cli_publish writes every new content to a
 * temp file beside its target (symlinks are followed: the link stays, its
 * target is replaced), links a backup of every old target, records the
 * targets in a journal, renames the temps over the targets, and removes
 * the journal: that removal is the commit point. A failed rename restores
 * the renamed targets from their backups before returning.
 *
 * Crash window: a process killed (or a machine losing power) after the
 * first rename and before the journal is removed leaves some targets new
 * and some old, with the journal and the backups on disk. The next
 * cli_publish_recover (run by every release command under the lock, before
 * it reads anything) restores every target from its backup, so the files
 * are back to the state before the interrupted run, and the command can be
 * retried. Until then `pvabi check` may see the half-written pair.
 */
#ifndef PVABI_CLI_PUBLISH_H
#define PVABI_CLI_PUBLISH_H

#include <stddef.h>

#define CLI_PUBLISH_MAX 4

struct cli_out {
	const char *path; /* the file as named by the user; must exist */
	const char *data;
	size_t len;
};

struct cli_txn {
	int lock_fd;
	char lock[4096];    /* <registry target>.lock */
	char journal[4096]; /* <registry target>.pvabi-txn */
};

/* Takes the lock beside anchor's target (waiting for another run) and
 * rolls back a transaction a killed run left behind. 0, or -errno with
 * the reason in err. */
int cli_txn_begin(struct cli_txn *t, const char *anchor, char *err, size_t errlen);
/* Replaces every v[i].path's target by its data, all or none. */
int cli_publish(struct cli_txn *t, const struct cli_out *v, size_t n, char *err,
		size_t errlen);
/* Releases the lock (and removes the lock file). */
void cli_txn_end(struct cli_txn *t);

/* The rename step, replaceable by tests to make the n-th rename fail. */
extern int (*cli_publish_rename)(const char *from, const char *to);

#endif
