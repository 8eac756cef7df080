/* Planning the matrix: axes from the fixtures and the registry, one cell
 * per image x platform x engine, a prediction for each. Nothing runs. */
#include "conformance/host_profile.h"
#include "conformance/matrix.h"
#include "conformance/runend.h"
#include "conformance/oracle.h"
#include "conformance/revname.h"
#include "util/file.h"
#include "util/json.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Copies with truncation (labels and revisions are short by construction). */
static void copy_trunc(char *dst, size_t n, const char *src)
{
	size_t k = strnlen(src, n - 1);

	memcpy(dst, src, k);
	dst[k] = '\0';
}

struct image {
	char label[48], rev[16], path[1024];
	int frozen;
};

/* "revision: 1.0" and "file: conformance.elf" from a fixture's MANIFEST. */
static int manifest_read(const char *dir, struct image *im, char *err, size_t n)
{
	char path[1100], file[256] = "conformance.elf", *line, *save = NULL;
	struct pvabi_file_buf b;

	snprintf(path, sizeof(path), "%s/MANIFEST", dir);
	if (pvabi_file_read(path, 64 * 1024, 0, &b, err, n) < 0)
		return -1;
	im->rev[0] = '\0';
	for (line = strtok_r(b.data, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		if (!strncmp(line, "revision: ", 10))
			copy_trunc(im->rev, sizeof(im->rev), line + 10);
		else if (!strncmp(line, "file: ", 6) && !strchr(line + 6, '/'))
			copy_trunc(file, sizeof(file), line + 6);
	}
	free(b.data);
	if (!im->rev[0]) {
		snprintf(err, n, "%s: no 'revision:' line", path);
		return -1;
	}
	if (snprintf(im->path, sizeof(im->path), "%s/%s", dir, file) >= (int)sizeof(im->path)) {
		snprintf(err, n, "%s: path too long", dir);
		return -1;
	}
	snprintf(im->label, sizeof(im->label), "%s", im->rev);
	im->frozen = 1;
	return 0;
}

static int cmp_image(const void *a, const void *b)
{
	const struct image *x = a, *y = b;

	return strcmp(x->label, y->label);
}

static int frozen_images(const char *dir, struct image *im, size_t max, size_t *n,
			 char *err, size_t errlen)
{
	struct dirent *de;
	char sub[1024];
	DIR *d = opendir(dir);

	if (!d) {
		snprintf(err, errlen, "%s: cannot open the fixtures directory", dir);
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		if (*n == max || manifest_read(sub, &im[*n], err, errlen)) {
			if (*n == max)
				snprintf(err, errlen, "%s: more than %zu images", dir, max);
			closedir(d);
			return -1;
		}
		(*n)++;
	}
	closedir(d);
	qsort(im, *n, sizeof(*im), cmp_image);
	return 0;
}

/* Whether a comma-separated filter names item (NULL: everything). */
static int selected(const char *list, const char *item)
{
	size_t k = strlen(item);
	const char *p = list;

	if (!list)
		return 1;
	while ((p = strstr(p, item))) {
		if ((p == list || p[-1] == ',') && (p[k] == ',' || !p[k]))
			return 1;
		p += k;
	}
	return 0;
}

/* The draft revisions' fresh images: what the next release will freeze.
 * With --fresh also every released revision's image built today (row
 * "<rev>-fresh"): today's checks at that revision, which its frozen image
 * predates. */
static int draft_images(const struct pvabi_matrix_opts *o, const struct pvabi_registry *r,
			struct image *im, size_t max, size_t *n, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < r->nrevs; i++) {
		int draft = r->revs[i].status == PVABI_STATUS_DRAFT;

		if (!draft && !(o->fresh && (r->revs[i].status == PVABI_STATUS_RELEASED ||
				       r->revs[i].status == PVABI_STATUS_DEPRECATED)))
			continue;
		if (*n == max)
			return -1;
		snprintf(im[*n].path, sizeof(im[*n].path), "%s/%s/conformance.elf", o->draft_dir,
			 r->revs[i].id);
		snprintf(im[*n].rev, sizeof(im[*n].rev), "%s", r->revs[i].id);
		snprintf(im[*n].label, sizeof(im[*n].label), "%s-%s", r->revs[i].id,
			 draft ? "draft" : "fresh");
		/* Only an image the selection runs must exist: --images 1.0
		 * needs no build of the draft's. */
		if (selected(o->images, im[*n].label) && access(im[*n].path, R_OK)) {
			snprintf(err, errlen, "%s: no image of draft revision %s (make guests builds it)",
				 im[*n].path, r->revs[i].id);
			return -1;
		}
		im[*n].frozen = 0;
		(*n)++;
	}
	return 0;
}


static void platforms(const struct pvabi_matrix_opts *o, const struct pvabi_registry *r,
		      struct pvabi_matrix *m)
{
	size_t i;

	m->nplatforms = 0;
	if (selected(o->platforms, "current"))
		strcpy(m->platforms[m->nplatforms++], "current");
	/* An external engine is one platform: it cannot behave as a release
	 * unless its template says where the release goes. */
	if (o->engine_cmd && !strstr(o->engine_cmd, "{release}") &&
	    !strstr(o->engine_cmd, "{platform}"))
		return;
	for (i = 0; i < r->nrevs && m->nplatforms < 32; i++)
		if (pvabi_status_frozen(r->revs[i].status) && selected(o->platforms, r->revs[i].id))
			snprintf(m->platforms[m->nplatforms++], 24, "%s", r->revs[i].id);
}

/* Room for one more cell; -1 when out of memory. */
static int grow(struct pvabi_matrix *m, size_t *cap)
{
	struct pvabi_cell *c;

	if (m->n < *cap)
		return 0;
	c = realloc(m->cells, (*cap * 2 + 16) * sizeof(*c));
	if (!c)
		return -1;
	m->cells = c;
	*cap = *cap * 2 + 16;
	return 0;
}

static int add_cell(struct pvabi_matrix *m, size_t *cap, const struct image *im,
		    const char *platform, const char *engine, const char *engines)
{
	struct pvabi_cell *c;

	if (grow(m, cap))
		return -1;
	c = &m->cells[m->n++];
	memset(c, 0, sizeof(*c));
	if (snprintf(c->id, sizeof(c->id), "%s~%s%s~%s", im->label,
		     strcmp(platform, "current") ? "as-" : "", platform, engine) >= (int)sizeof(c->id))
		return -1;
	copy_trunc(c->image, sizeof(c->image), im->label);
	snprintf(c->image_path, sizeof(c->image_path), "%s", im->path);
	snprintf(c->image_rev, sizeof(c->image_rev), "%s", im->rev);
	c->image_frozen = im->frozen;
	snprintf(c->platform, sizeof(c->platform), "%s", platform);
	snprintf(c->engine, sizeof(c->engine), "%s", engine);
	snprintf(c->engines, sizeof(c->engines), "%s", engines);
	return 0;
}

/* "kvm,qemu-tcg": the plan's engines, as its cells record them. */
static void engine_list(const struct pvabi_matrix_opts *o, char *buf, size_t n)
{
	size_t e, k = 0;

	buf[0] = '\0';
	if (o->engine_cmd)
		snprintf(buf, n, "cmd");
	for (e = 0; !o->engine_cmd && e < o->nengines && k < n; e++)
		k += (size_t)snprintf(buf + k, n - k, "%s%s", e ? "," : "", o->engines[e]);
}

static int cmp_cell(const void *a, const void *b)
{
	return strcmp(((const struct pvabi_cell *)a)->id, ((const struct pvabi_cell *)b)->id);
}

static void shard(const struct pvabi_matrix_opts *o, struct pvabi_matrix *m)
{
	size_t i, k = 0;

	qsort(m->cells, m->n, sizeof(*m->cells), cmp_cell);
	if (!o->shard_n)
		return;
	for (i = 0; i < m->n; i++)
		if (i % o->shard_n == o->shard_k - 1)
			m->cells[k++] = m->cells[i];
	m->n = k;
}

/* The feature axis's sub-cells of the cell just added: copies of it
 * with their feature label in the id. */
static int add_variants(const struct pvabi_matrix_opts *o, const struct pvabi_spec *s,
			const struct pvabi_registry *r, struct pvabi_matrix *m, size_t *cap)
{
	static struct pvabi_cell_features v[PVABI_MATRIX_MAX_VARIANTS];
	const char *t = o->engine_cmd;
	size_t i, n, base = m->n - 1;

	/* A host kernel's features are the columns' profiles themselves. */
	if (o->no_feature_axis || pvabi_host_abi(s))
		return 0;
	n = pvabi_matrix_feature_variants(s, r, &m->cells[base], !t || strstr(t, "{platform}"),
					  !t || strstr(t, "{cmdline}"), v, PVABI_MATRIX_MAX_VARIANTS);
	for (i = 0; i < n; i++) {
		struct pvabi_cell *c;

		if (grow(m, cap))
			return -1;
		c = &m->cells[m->n];
		*c = m->cells[base];
		c->feat = v[i];
		if (strlen(c->id) + 1 + strlen(v[i].label) >= sizeof(c->id))
			return -1;
		strcat(strcat(c->id, "~"), v[i].label);
		m->n++;
	}
	return 0;
}

static int predict_all(const struct pvabi_spec *s, const struct pvabi_registry *r,
		       struct pvabi_matrix *m, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (pvabi_oracle_predict_cell(s, r, m->cells[i].image_rev, m->cells[i].platform,
					      &m->cells[i].feat, &m->cells[i].pred, err, errlen))
			return -1;
		if (pvabi_host_abi(s))
			pvabi_host_engine_predict(m->cells[i].engine, &m->cells[i].pred);
	}
	return 0;
}

/* The first name of a comma list that is none of names[0..n), in buf;
 * NULL when each one names something. */
static const char *unknown_name(const char *list, const char *const *names, size_t n,
				char *buf, size_t len)
{
	const char *p = list;
	size_t i, k;

	while (p) {
		k = strcspn(p, ",");
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == k && !strncmp(names[i], p, k))
				break;
		if (i == n) {
			snprintf(buf, len, "%.*s", (int)(k < 64 ? k : 64), p);
			return buf;
		}
		p = p[k] ? p + k + 1 : NULL;
	}
	return NULL;
}

/* "a, b, c" of names[0..n) in buf, cut to fit. */
static const char *join(const char *const *names, size_t n, char *buf, size_t len)
{
	size_t i, k = 0;

	buf[0] = '\0';
	for (i = 0; i < n && k < len; i++)
		k += (size_t)snprintf(buf + k, len - k, "%s%s", i ? ", " : "", names[i]);
	return n ? buf : "none";
}

/* A selection that names nothing, or leaves no cell, is a mistake (a
 * typo, an empty shard), never a green run of zero cells. */
static int selection_check(const struct pvabi_matrix_opts *o, const struct pvabi_registry *r,
			   const struct image *im, size_t nim, size_t ncells, char *err,
			   size_t errlen)
{
	const char *names[64], *bad;
	char buf[80], all[400];
	size_t i, n = 0;

	for (i = 0; i < nim && n < 64; i++)
		names[n++] = im[i].label;
	if (o->images && (bad = unknown_name(o->images, names, n, buf, sizeof(buf)))) {
		snprintf(err, errlen, "--images '%s': no such image (images: %s)", bad,
			 join(names, n, all, sizeof(all)));
		return -1;
	}
	n = 0;
	names[n++] = "current";
	for (i = 0; i < r->nrevs && n < 64; i++)
		if (pvabi_status_frozen(r->revs[i].status))
			names[n++] = r->revs[i].id;
	if (o->platforms && (bad = unknown_name(o->platforms, names, n, buf, sizeof(buf)))) {
		snprintf(err, errlen, "--platforms '%s': no such platform (platforms: %s)", bad,
			 join(names, n, all, sizeof(all)));
		return -1;
	}
	if (ncells)
		return 0;
	if (o->shard_n)
		snprintf(err, errlen, "--shard %u/%u selects no cell: the selection has fewer than "
			 "%u cells", o->shard_k, o->shard_n, o->shard_k);
	else
		snprintf(err, errlen, "the selection matches no cell%s",
			 o->engine_cmd ? " (an --engine-cmd without {platform} or {release} runs "
					 "on 'current' only)" : "");
	return -1;
}

int pvabi_matrix_plan(const struct pvabi_matrix_opts *o, const struct pvabi_spec *s,
		      const struct pvabi_registry *r, struct pvabi_matrix *m,
		      char *err, size_t errlen)
{
	static struct image im[32];
	size_t nim = 0, i, j, e, cap;
	char engines[64];
	int rc;

	memset(m, 0, sizeof(*m));
	pvabi_revname_use(s);
	if (frozen_images(o->fixtures, im, 32, &nim, err, errlen) ||
	    draft_images(o, r, im, 32, &nim, err, errlen))
		return -1;
	platforms(o, r, m);
	engine_list(o, engines, sizeof(engines));
	cap = nim * m->nplatforms * (o->engine_cmd ? 1 : o->nengines);
	m->cells = calloc(cap ? cap : 1, sizeof(*m->cells));
	if (!m->cells) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < nim; i++) {
		if (!selected(o->images, im[i].label))
			continue;
		copy_trunc(m->images[m->nimages++], 48, im[i].label);
		for (j = 0; j < m->nplatforms; j++)
			for (e = 0; e < (o->engine_cmd ? 1 : o->nengines); e++)
				if (add_cell(m, &cap, &im[i], m->platforms[j],
					     o->engine_cmd ? "cmd" : o->engines[e], engines) ||
				    add_variants(o, s, r, m, &cap)) {
					snprintf(err, errlen, "out of memory planning the cells");
					pvabi_matrix_free(m);
					return -1;
				}
	}
	rc = predict_all(s, r, m, err, errlen);
	/* before sharding: a cell's end does not depend on the shard */
	if (!rc)
		pvabi_runend_plan(s, m);
	shard(o, m);
	if (!rc)
		rc = selection_check(o, r, im, nim, m->n, err, errlen);
	if (rc)
		pvabi_matrix_free(m);
	return rc;
}

void pvabi_matrix_free(struct pvabi_matrix *m)
{
	free(m->cells);
	memset(m, 0, sizeof(*m));
}

static const char *const pred_names[] = { "pass", "pass-lower", "refused" };

void pvabi_matrix_list(FILE *f, const struct pvabi_matrix *m)
{
	char rev[24];
	size_t i;

	fprintf(f, "[\n");
	for (i = 0; i < m->n; i++) {
		const struct pvabi_cell *c = &m->cells[i];

		fprintf(f, "  {\"id\": ");
		pvabi_json_str(f, c->id);
		fprintf(f, ", \"image\": ");
		pvabi_json_str(f, c->image);
		fprintf(f, ", \"image_path\": ");
		pvabi_json_str(f, c->image_path);
		fprintf(f, ", \"image_revision\": ");
		pvabi_json_str(f, c->image_rev);
		fprintf(f, ", \"frozen\": %s, \"platform\": ", c->image_frozen ? "true" : "false");
		pvabi_json_str(f, c->platform);
		fprintf(f, ", \"engine\": ");
		pvabi_json_str(f, c->engine);
		fprintf(f, ", \"features\": ");
		pvabi_json_str(f, c->feat.label);
		fprintf(f, ", \"prediction\": {\"kind\": \"%s\", \"revision\": \"%s\", "
			   "\"neg_status\": %u, \"granted\": \"0x%llx\", \"missing\": \"0x%llx\", "
			   "\"why\": ",
			pred_names[c->pred.kind], pvabi_revname(c->pred.rev, rev, sizeof(rev)),
			c->pred.neg_status, (unsigned long long)c->pred.granted,
			(unsigned long long)c->pred.missing);
		pvabi_json_str(f, c->pred.why);
		fprintf(f, "}, \"end\": ");
		if (c->end[0])
			fprintf(f, "%s, \"end_vcpu\": %u", c->end, c->end_vcpu);
		else
			fprintf(f, "null, \"end_vcpu\": null");
		fprintf(f, "}%s\n", i + 1 < m->n ? "," : "");
	}
	fprintf(f, "]\n");
}
