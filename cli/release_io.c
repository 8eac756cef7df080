/* What the release commands read and write. The spec is read once as
 * text and parsed from that text, so the bytes new-rev edits are exactly
 * the bytes that were validated; what they write goes out in one
 * transaction. */
#include "cli/release.h"
#include "cli/commands.h"
#include "abi/check.h"
#include "abi/load.h"
#include "abi/lock.h"
#include "abi/xmlload.h"
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_diags(struct pvabi_diags *d)
{
	pvabi_diag_print(d, stderr);
	pvabi_diag_free(d);
}

int cli_rel_load(struct cli_rel_inputs *in, const struct cli_rel_opts *o)
{
	struct pvabi_diags d = { 0 };

	struct pvabi_file_buf b;
	int rc;

	memset(in, 0, sizeof(*in));
	rc = pvabi_file_read(o->spec, PVABI_XML_MAX_BYTES, 0, &b, NULL, 0);
	if (rc) {
		fprintf(stderr, "%s: INPUT_UNREADABLE: cannot read: %s\n", o->spec,
			rc == -EINVAL ? "not a regular file" : strerror(-rc));
		return -1;
	}
	in->spec_text = b.data;
	in->spec_len = b.len;
	in->s = pvabi_spec_load_mem(in->spec_text, in->spec_len, o->spec, &d);
	if (in->s)
		in->r = pvabi_registry_load(o->registry, &d);
	print_diags(&d);
	return in->s && in->r ? 0 : -1;
}

void cli_rel_free(struct cli_rel_inputs *in)
{
	pvabi_registry_free(in->r);
	pvabi_spec_free(in->s);
	free(in->spec_text);
	memset(in, 0, sizeof(*in));
}

char *cli_registry_text(const struct pvabi_registry *r, size_t *len)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_registry *back;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	int rc;

	if (!f) {
		fprintf(stderr, "%s: out of memory\n", pvabi_progname);
		return NULL;
	}
	rc = pvabi_registry_write(r, f);
	if (fclose(f) || rc) {
		fprintf(stderr, "%s: out of memory\n", pvabi_progname);
		free(buf);
		return NULL;
	}
	back = pvabi_registry_load_mem(buf, *len, r->file, &d);
	if (!back) {
		fprintf(stderr, "%s: internal error: the new registry would not load; "
			"nothing written:\n", pvabi_progname);
		print_diags(&d);
		free(buf);
		return NULL;
	}
	pvabi_registry_free(back);
	pvabi_diag_free(&d);
	return buf;
}

int cli_rel_publish(struct pvabi_afile_txn *t, const char *a, const char *adata, size_t alen,
		    const char *b, const char *bdata, size_t blen, char *err, size_t errlen)
{
	struct pvabi_afile fa, fb, *v[2] = { &fa, &fb };
	int rc;

	if ((rc = pvabi_afile_open(&fa, a, err, errlen)))
		return rc;
	if ((rc = pvabi_afile_open(&fb, b, err, errlen))) {
		pvabi_afile_abort(&fa);
		return rc;
	}
	fwrite(adata, 1, alen, fa.f);
	fwrite(bdata, 1, blen, fb.f);
	return pvabi_afile_txn_publish(t, v, 2, err, errlen);
}

void cli_rel_note(int what, const char *path)
{
	if (what == PVABI_AFILE_WAITING)
		fprintf(stderr, "%s: waiting for another release command (%s)\n", pvabi_progname,
			path);
	else
		fprintf(stderr, "%s: restored %s as it was before an interrupted release command\n",
			pvabi_progname, path);
}

/* A release is refused while the history has a breaking finding: the
 * fingerprint would freeze a broken revision forever. */
int cli_rel_history_clean(struct pvabi_spec *s, const struct pvabi_registry *r, const char *what)
{
	return cli_rel_history_clean_but(s, r, what, NULL);
}

int cli_rel_history_clean_but(struct pvabi_spec *s, const struct pvabi_registry *r,
			      const char *what, const char *but)
{
	struct pvabi_findings f = { 0 };
	size_t brk = (size_t)0, i;

	pvabi_check_history(s, &f);
	pvabi_check_registry(s, r, &f);
	pvabi_check_waivers(s, &f);
	pvabi_findings_sort(&f);
	for (i = 0; i < f.n; i++)
		brk += f.v[i].sev == PVABI_SEV_BREAKING && (!but || strcmp(f.v[i].rule, but));
	brk += (size_t)f.oom;
	if (brk) {
		pvabi_findings_print(&f, stderr, 0);
		fprintf(stderr, "%s: refusing to %s: %zu breaking findings%s%s\n",
			pvabi_progname, what, brk, but ? " besides " : "", but ? but : "");
	}
	pvabi_findings_free(&f);
	return brk == 0;
}

/* The registry and its lock (the canonical lines of every released
 * revision, abi/lock.h) are published together. */
int cli_rel_publish_registry(struct pvabi_afile_txn *t, const struct pvabi_spec *s,
			     const struct pvabi_registry *r, const char *registry)
{
	char lock[4096], err[512];
	size_t len = 0, llen = 0;
	char *text = cli_registry_text(r, &len), *ltext = NULL;
	int rc = PVABI_EXIT_USAGE;

	if (!text || pvabi_lock_path(registry, lock, sizeof(lock)) ||
	    !(ltext = pvabi_lock_text(s, r, &llen)))
		goto out;
	if (cli_rel_publish(t, registry, text, len, lock, ltext, llen, err, sizeof(err))) {
		fprintf(stderr, "%s: %s; nothing changed\n", pvabi_progname, err);
		goto out;
	}
	rc = PVABI_EXIT_OK;
out:
	free(text);
	free(ltext);
	return rc;
}
