/* The journal of a transaction (afile.h): what a set being published
 * replaces, so that a run killed between two renames can be undone. It is
 * NUL-separated text, a magic string then target, backup and temp file
 * per entry, and appears whole (written beside, then renamed) or not at
 * all: a half-written journal could name a file that is not part of the
 * set. */
#include "util/afile_internal.h"
#include "util/file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAGIC "pvabi-txn 1"

static size_t journal_size(const struct afile_entry *e, size_t n)
{
	size_t len = sizeof(MAGIC), i;

	for (i = 0; i < n; i++)
		len += strlen(e[i].target) + strlen(e[i].backup) + strlen(e[i].tmp) + 3;
	return len;
}

static char *put(char *p, const char *s)
{
	size_t l = strlen(s) + 1;

	memcpy(p, s, l);
	return p + l;
}

int afile_journal_write(const char *journal, const struct afile_entry *e, size_t n,
			char *err, size_t errlen)
{
	char tmp[PVABI_AFILE_PATH + 64], *buf, *p;
	size_t len = journal_size(e, n), i;
	int fd, rc;

	if (!(buf = malloc(len))) {
		afile_say(err, errlen, "out of memory");
		return -ENOMEM;
	}
	p = put(buf, MAGIC);
	for (i = 0; i < n; i++)
		p = put(put(put(p, e[i].target), e[i].backup), e[i].tmp);
	if ((rc = fd = afile_temp(tmp, sizeof(tmp), journal, "tmp")) >= 0) {
		rc = afile_write_all(fd, buf, len);
		if (!rc && fsync(fd))
			rc = -errno;
		if (close(fd) && !rc)
			rc = -errno;
		if (!rc && rename(tmp, journal))
			rc = -errno;
		afile_unlink_temp(tmp);
		if (!rc)
			afile_sync_dir(journal);
	}
	free(buf);
	if (rc)
		afile_say(err, errlen, "%s: cannot write the journal: %s", journal, strerror(-rc));
	return rc;
}

/* One entry back as it was before the killed run. */
static void restore(const char *target, const char *backup, const char *tmp,
		    pvabi_afile_note_fn *note)
{
	if (backup[0] && access(backup, F_OK) == 0) {
		/* a backup that is still a link of its target: never replaced */
		if (afile_same_file(backup, target))
			unlink(backup);
		else if (rename(backup, target) == 0 && note)
			note(PVABI_AFILE_RESTORED, target);
	} else if (!backup[0] && access(tmp, F_OK) && errno == ENOENT) {
		/* a new target whose temp file was renamed in */
		if (unlink(target) == 0 && note)
			note(PVABI_AFILE_RESTORED, target);
	}
	unlink(tmp);
	afile_sync_dir(target);
}

void afile_journal_recover(const char *journal, pvabi_afile_note_fn *note)
{
	struct pvabi_file_buf b;
	const char *p, *end, *f[3];
	int k;

	if (pvabi_file_read(journal, 1u << 20, 0, &b, NULL, 0))
		return;
	end = b.data + b.len;
	p = b.data;
	if (strcmp(p, MAGIC))
		goto out;
	for (p += sizeof(MAGIC); p < end;) {
		for (k = 0; k < 3; k++) {
			if (p >= end)
				goto out;
			f[k] = p;
			p += strlen(p) + 1;
		}
		if (f[0][0] == '/')
			restore(f[0], f[1], f[2], note);
	}
out:
	free(b.data);
	unlink(journal);
	afile_sync_dir(journal);
}
