/* Reading and writing the lock file of released canonical lines. */
#include "abi/lock.h"
#include "abi/limit_canon.h"
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOCK_MAX (64u << 20)

int pvabi_lock_path(const char *registry, char *buf, size_t n)
{
	size_t l = strlen(registry);
	int w;

	if (l > 4 && !strcmp(registry + l - 4, ".xml"))
		w = snprintf(buf, n, "%.*s.lock", (int)(l - 4), registry);
	else
		w = snprintf(buf, n, "%s.versions.lock", registry);
	return w < 0 || (size_t)w >= n ? -ENAMETOOLONG : 0;
}

/* The lines point into the lock's text (its newlines made NULs). */
static int push_line(struct pvabi_canon *c, char *s, size_t n)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		char **v = realloc(c->lines, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		c->lines = v;
		c->cap = cap;
	}
	s[n] = '\0';
	c->lines[c->n++] = s;
	return 0;
}

static int push_rev(struct pvabi_lock *l, const char *s, size_t n, int line)
{
	char id[64], fp[PVABI_FINGERPRINT_LEN], tail;
	struct pvabi_lock_rev *v, *r;
	char *text = strndup(s, n);

	if (!text)
		return -ENOMEM;
	if (sscanf(text, "revision %63s %71s %c", id, fp, &tail) != 2 ||
	    strncmp(fp, "sha256:", 7)) {
		free(text);
		return -EINVAL;
	}
	free(text);
	v = realloc(l->revs, (l->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->revs = v;
	r = &v[l->n++];
	memset(r, 0, sizeof(*r));
	r->line = line;
	r->id = strdup(id);
	r->fingerprint = strdup(fp);
	return r->id && r->fingerprint ? 0 : -ENOMEM;
}

/* "limits ID" opens the limit lines of the revision block just read. */
static struct pvabi_canon *limits_of(struct pvabi_lock *l, const char *s, size_t n, int line)
{
	struct pvabi_lock_rev *r = l->n ? &l->revs[l->n - 1] : NULL;

	if (!r || r->has_limits || n != 7 + strlen(r->id) || strncmp(s + 7, r->id, n - 7))
		return NULL;
	r->has_limits = 1;
	r->limits_line = line;
	return &r->limits;
}

int pvabi_lock_parse(const char *buf, size_t len, const char *name,
		     struct pvabi_lock *out, char *err, size_t errlen)
{
	struct pvabi_canon *cur = NULL;
	char *p, *end;
	int line = 0, rc = 0;

	memset(out, 0, sizeof(*out));
	out->text = malloc(len + 1);
	if (!out->text) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -ENOMEM;
	}
	memcpy(out->text, buf, len);
	out->text[len] = '\0';
	for (p = out->text, end = p + len; rc == 0 && p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line++;
		if (n == 0 || *p == '#')
			;
		else if (*p == '\t' && cur)
			rc = push_line(cur, p + 1, n - 1);
		else if (!strncmp(p, "revision ", 9)) {
			rc = push_rev(out, p, n, line);
			cur = rc ? NULL : &out->revs[out->n - 1].canon;
		} else if (!strncmp(p, "limits ", 7))
			rc = (cur = limits_of(out, p, n, line)) ? 0 : -EINVAL;
		else
			rc = -EINVAL;
		p += n + 1;
	}
	if (rc == -EINVAL)
		snprintf(err, errlen, "%s:%d: not a lock line (expected 'revision ID sha256:HEX', 'limits ID' after that revision's lines, or a tab and a line); the file is written by 'pvabi release', do not edit it",
			 name, line);
	else if (rc)
		snprintf(err, errlen, "%s: out of memory", name);
	if (rc)
		pvabi_lock_free(out);
	return rc;
}

int pvabi_lock_load(const char *path, struct pvabi_lock *out, char *err,
		    size_t errlen)
{
	struct pvabi_file_buf b;
	int rc = pvabi_file_read(path, LOCK_MAX, 0, &b, err, errlen);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	rc = pvabi_lock_parse(b.data, b.len, path, out, err, errlen);
	free(b.data);
	return rc;
}

static void rev_free(struct pvabi_lock_rev *r)
{
	free(r->id);
	free(r->fingerprint);
	free(r->canon.lines);
	free(r->limits.lines);
}

void pvabi_lock_drop(struct pvabi_lock *l, size_t i)
{
	rev_free(&l->revs[i]);
	l->revs[i] = l->revs[--l->n];
}

void pvabi_lock_free(struct pvabi_lock *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		rev_free(&l->revs[i]);
	free(l->revs);
	free(l->text);
	memset(l, 0, sizeof(*l));
}

const struct pvabi_lock_rev *pvabi_lock_find(const struct pvabi_lock *l,
					     const char *id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->revs[i].id, id))
			return &l->revs[i];
	return NULL;
}

/* Revision rv's block when the spec hashes to want, what the registry
 * holds for it after its corrections. */
static int write_rev(FILE *f, const struct pvabi_spec *s, int si,
		     const struct pvabi_reg_rev *rv, const char *want, int gen)
{
	char fp[PVABI_FINGERPRINT_LEN];
	struct pvabi_canon c;
	size_t i;

	if (pvabi_canon_build_gen(s, si, gen, &c))
		return -ENOMEM;
	if (pvabi_canon_digest(&c, fp, sizeof(fp)) == 0 && !strcmp(fp, want)) {
		struct pvabi_limit_lines ll;

		fprintf(f, "revision %s %s\n", rv->id, fp);
		for (i = 0; i < c.n; i++)
			fprintf(f, "\t%s\n", c.lines[i]);
		if (pvabi_limit_lines(s, si, &ll)) {
			pvabi_canon_free(&c);
			return -ENOMEM;
		}
		if (ll.n)
			fprintf(f, "limits %s\n", rv->id);
		for (i = 0; i < ll.n; i++)
			fprintf(f, "\t%s\n", ll.v[i]);
		pvabi_limit_lines_free(&ll);
	}
	pvabi_canon_free(&c);
	return 0;
}

char *pvabi_lock_text(const struct pvabi_spec *s,
		      const struct pvabi_registry *r, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	const char *base = strrchr(r->file, '/');
	size_t i;
	int rc = f ? 0 : -ENOMEM;

	base = base ? base + 1 : r->file;
	if (f)
		fprintf(f, "# The canonical lines of every released revision of ABI '%s',\n"
			"# written by 'pvabi release' with %s. Each block hashes to the\n"
			"# revision's fingerprint there; 'pvabi check' names changed elements\n"
			"# from it. A 'limits' block holds the revision's declared limits,\n"
			"# outside the fingerprint; 'pvabi check' refuses a change to them.\n"
			"# Do not edit.\n", s->name, base);
	for (i = 0; rc == 0 && i < r->nrevs; i++) {
		const struct pvabi_reg_rev *rv = &r->revs[i];
		int si = pvabi_spec_rev(s, rv->id);

		if (si >= 0 && rv->fingerprint && pvabi_status_frozen(rv->status))
			rc = write_rev(f, s, si, rv, pvabi_registry_current(r, i, r->described),
				       r->described);
	}
	if (f && fclose(f))
		rc = -ENOMEM;
	if (rc) {
		free(buf);
		return NULL;
	}
	return buf;
}
