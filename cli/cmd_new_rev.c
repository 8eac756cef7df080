/* pvabi new-rev R: open a new draft after the newest revision, in the
 * spec's <revisions> and in the registry, together or not at all. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "cli/release.h"
#include "abi/arena.h"
#include "abi/load.h"
#include "util/afile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int registry_add_draft(struct pvabi_registry *r, const char *rev)
{
	struct pvabi_reg_rev *v = pvabi_arena_array(r->arena, r->nrevs + 1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	memcpy(v, r->revs, r->nrevs * sizeof(*v));
	memset(&v[r->nrevs], 0, sizeof(*v));
	v[r->nrevs].id = rev;
	v[r->nrevs].status = PVABI_STATUS_DRAFT;
	r->revs = v;
	r->nrevs++;
	r->window_to = rev;
	return 0;
}

static int newer(const char *a, const struct pvabi_rev *b)
{
	unsigned int am = 0, an = 0;
	char why[160];

	cli_rev_valid(a, &am, &an, why, sizeof(why));
	return am > b->major || (am == b->major && an > b->minor);
}

/* The edited spec text, loaded back: its last revision must be the new
 * one, or the edit is refused before anything is written. */
static char *spec_text(const struct cli_rel_inputs *in, const char *path,
		       const char *rev, size_t *len)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *back;
	char *text = NULL;
	int ok;

	if (cli_spec_add_revision(in->spec_text, in->spec_len, rev, &text, len)) {
		fprintf(stderr, "%s: %s: no </revisions> end tag to add %s before\n",
			pvabi_progname, path, rev);
		return NULL;
	}
	back = pvabi_spec_load_mem(text, *len, path, &d);
	ok = back && back->nrevs == in->s->nrevs + 1 &&
	     !strcmp(back->revs[back->nrevs - 1].id, rev);
	if (!ok) {
		fprintf(stderr, "%s: %s: adding revision %s would not give a valid spec "
			"(is it UTF-8?); nothing written\n", pvabi_progname, path, rev);
		pvabi_diag_print(&d, stderr);
		free(text);
		text = NULL;
	}
	pvabi_spec_free(back);
	pvabi_diag_free(&d);
	return text;
}

static int open_draft(struct cli_rel_inputs *in, const struct cli_rel_opts *o,
		      struct pvabi_afile_txn *t)
{
	struct pvabi_registry *r = in->r;
	char err[512], *spec = NULL, *reg = NULL;
	size_t slen = 0, rlen = 0;
	int rc = PVABI_EXIT_USAGE;

	/* the edit is made on the file's bytes, which must spell ASCII as
	 * ASCII: a UTF-16 spec parses, yet holds no "</revisions>" */
	if (memchr(in->spec_text, '\0', in->spec_len)) {
		fprintf(stderr, "%s: %s: not in UTF-8 or another encoding that spells ASCII as "
			"ASCII (UTF-16?): new-rev edits the file's bytes; convert it to UTF-8\n",
			pvabi_progname, o->spec);
		return rc;
	}
	if (r->nrevs && r->revs[r->nrevs - 1].status == PVABI_STATUS_DRAFT) {
		fprintf(stderr, "%s: %s is still a draft; release it before opening another\n",
			pvabi_progname, r->revs[r->nrevs - 1].id);
		return rc;
	}
	/* A revision with code= (format 2: Xen's interface versions, KVM's
	 * Linux releases) has a value only its author can give. */
	if (in->s->nrevs && in->s->revs[0].has_code) {
		fprintf(stderr, "%s: %s: its revisions carry code= (the value a guest "
			"compiles against), which new-rev cannot choose; add <revision id=\"...\" "
			"code=\"...\"> to the spec and the draft to %s by hand\n", pvabi_progname,
			o->spec, o->registry);
		return rc;
	}
	if (!newer(o->rev, &in->s->revs[in->s->nrevs - 1])) {
		fprintf(stderr, "%s: %s must be newer than %s\n", pvabi_progname, o->rev,
			in->s->revs[in->s->nrevs - 1].id);
		return rc;
	}
	if (registry_add_draft(r, o->rev) || !(spec = spec_text(in, o->spec, o->rev, &slen)) ||
	    !(reg = cli_registry_text(r, &rlen)))
		goto out;
	if (cli_rel_publish(t, o->spec, spec, slen, o->registry, reg, rlen, err, sizeof(err))) {
		fprintf(stderr, "%s: %s; neither %s nor %s changed\n", pvabi_progname, err,
			o->spec, o->registry);
		goto out;
	}
	printf("opened draft %s in %s and %s\n", o->rev, o->spec, o->registry);
	rc = PVABI_EXIT_OK;
out:
	free(spec);
	free(reg);
	return rc;
}


int pvabi_cmd_new_rev(int argc, char **argv)
{
	struct cli_rel_opts o = { PVABI_DEFAULT_SPEC, PVABI_DEFAULT_REGISTRY, NULL, NULL, 0 };
	struct cli_rel_inputs in = { 0 };
	struct pvabi_afile_txn t;
	char err[512];
	int rc = cli_rel_parse(argc, argv, &o, "new-rev");

	if (rc)
		return rc > 0 ? PVABI_EXIT_OK : PVABI_EXIT_USAGE;
	if (o.date || o.freeze) {
		pvabi_help_usage_cmd(stderr, "new-rev");
		return PVABI_EXIT_USAGE;
	}
	if (!cli_rel_args_valid(&o))
		return PVABI_EXIT_USAGE;
	if (pvabi_afile_txn_begin(&t, o.registry, cli_rel_note, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", pvabi_progname, err);
		return PVABI_EXIT_USAGE;
	}
	rc = PVABI_EXIT_USAGE;
	if (cli_rel_load(&in, &o) == 0)
		rc = open_draft(&in, &o, &t);
	cli_rel_free(&in);
	pvabi_afile_txn_end(&t);
	return rc;
}
