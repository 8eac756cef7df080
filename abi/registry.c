#include "abi/registry.h"
#include "abi/arena.h"
#include "abi/canon.h"
#include "abi/xmlload.h"
#include "util/xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dup_prop(struct pvabi_arena *a, xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	const char *r;

	if (!v)
		return NULL;
	r = pvabi_arena_strdup(a, (const char *)v);
	xmlFree(v);
	return r;
}

/* The text of n's child element `name` (<doc>, <reason>), or NULL. */
static const char *child_text(struct pvabi_arena *a, xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name)) {
			xmlChar *t = xmlNodeGetContent(c);
			const char *r = pvabi_arena_strdup(a, t ? (const char *)t : "");

			xmlFree(t);
			return r;
		}
	return NULL;
}

static int gen_bad(struct pvabi_registry *r, struct pvabi_diags *d, xmlNode *c,
		   const char *id, const char *v, const char *why)
{
	pvabi_diag_add(d, "GENERATION_INVALID", r->file, pvabi_xml_line(c),
		       "revision %s: <described generation=\"%.20s\">: %s", id, v ? v : "", why);
	return -1;
}

/* The revision's later generations' fingerprints, in increasing order,
 * each after the one fingerprint= covers: a generation recorded twice or
 * below would let one description be held by two different values. */
static int load_gens(struct pvabi_registry *r, xmlNode *n, struct pvabi_reg_rev *rv,
		     struct pvabi_diags *d)
{
	xmlNode *c;

	for (c = n->children; c; c = c->next) {
		struct pvabi_reg_gen *g = &rv->gens[rv->ngens];
		const char *v;
		char *end;
		long gen;

		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "described"))
			continue;
		v = dup_prop(r->arena, c, "generation");
		gen = v ? strtol(v, &end, 10) : 0;
		if (!v || *end || gen < 1 || strlen(v) > 7)
			return gen_bad(r, d, c, rv->id, v, "not a generation from 1 to 1000000");
		if (!rv->fingerprint)
			return gen_bad(r, d, c, rv->id, v, "the revision has no fingerprint= to extend");
		if (gen <= r->described) {
			char why[160];

			snprintf(why, sizeof(why), "fingerprint= covers generation %d already "
				 "(<abi-versions described=\"%d\">): this one must be later",
				 r->described, r->described);
			return gen_bad(r, d, c, rv->id, v, why);
		}
		if (rv->ngens && gen <= rv->gens[rv->ngens - 1].generation)
			return gen_bad(r, d, c, rv->id, v, "generations are listed once each, in "
				       "increasing order");
		if (rv->ngens == PVABI_MAX_GENERATIONS)
			return gen_bad(r, d, c, rv->id, v, "more than 16 generations on one revision");
		g->generation = (int)gen;
		g->fingerprint = dup_prop(r->arena, c, "fingerprint");
		g->loc.file = r->file;
		g->loc.line = pvabi_xml_line(c);
		rv->ngens++;
	}
	return 0;
}

static int load_rev(struct pvabi_registry *r, xmlNode *n,
		    struct pvabi_reg_rev *rv, struct pvabi_diags *d)
{
	const char *st = dup_prop(r->arena, n, "status"), *serves;
	char *copy, *tok, *save = NULL;
	size_t i;

	rv->id = dup_prop(r->arena, n, "id");
	sscanf(rv->id, "%u.%u", &rv->major, &rv->minor);
	if (rv->major > 0xffff || rv->minor > 0xffff) {
		pvabi_diag_add(d, "REVISION_RANGE", r->file, pvabi_xml_line(n),
			       "revision %s: each part must be at most 65535 (on the wire a "
			       "revision is the 32-bit MAJOR << 16 | MINOR)", rv->id);
		return -1;
	}
	for (i = 0; i < 4; i++)
		if (st && !strcmp(st, pvabi_status_name((enum pvabi_rev_status)i)))
			rv->status = (enum pvabi_rev_status)i;
	rv->date = dup_prop(r->arena, n, "date");
	rv->fingerprint = dup_prop(r->arena, n, "fingerprint");
	rv->doc = child_text(r->arena, n, "doc");
	rv->loc.file = r->file;
	rv->loc.line = pvabi_xml_line(n);
	if (load_gens(r, n, rv, d))
		return -1;
	serves = dup_prop(r->arena, n, "serves");
	if (!serves)
		return 0;
	copy = pvabi_arena_strdup(r->arena, serves);
	for (tok = strtok_r(copy, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		if (rv->nserves == PVABI_MAX_SERVES) {
			pvabi_diag_add(d, "TOO_MANY_REVISIONS", r->file, rv->loc.line,
				       "revision %s serves more than %d revisions",
				       rv->id, PVABI_MAX_SERVES);
			return -1;
		}
		rv->serves[rv->nserves++] = tok;
	}
	return 0;
}

/* What XENVER_extraversion can answer and a guest command line can
 * carry as one word. */
static int extraversion_ok(const char *v)
{
	size_t i;

	for (i = 0; v[i]; i++)
		if (i >= 15 || v[i] <= ' ' || v[i] > '~')
			return 0;
	return 1;
}

/* A <release>; the schema bounds its children's values, not their count
 * or a type named twice. */
static int load_release(struct pvabi_registry *r, xmlNode *n, struct pvabi_diags *d)
{
	struct pvabi_reg_release *rl = &r->rels[r->nrels];
	xmlNode *c;
	size_t i;

	rl->id = dup_prop(r->arena, n, "id");
	rl->code = dup_prop(r->arena, n, "code");
	rl->extraversion = dup_prop(r->arena, n, "extraversion");
	rl->doc = child_text(r->arena, n, "doc");
	rl->loc.file = r->file;
	rl->loc.line = pvabi_xml_line(n);
	if (rl->extraversion && !extraversion_ok(rl->extraversion)) {
		pvabi_diag_add(d, "SCHEMA_INVALID", r->file, rl->loc.line,
			       "<release id=\"%s\">: extraversion=\"%.40s\" is not at most 15 printable "
			       "characters without blanks (Xen's xen_extraversion_t holds 16 bytes "
			       "with its NUL; a blank would split the guest's command line)", rl->id,
			       rl->extraversion);
		return -1;
	}
	for (i = 0; i < r->nrels; i++)
		if (!strcmp(r->rels[i].id, rl->id)) {
			pvabi_diag_add(d, "DUPLICATE_NAME", r->file, rl->loc.line,
				       "release %s already listed at line %d", rl->id,
				       r->rels[i].loc.line);
			return -1;
		}
	/* the schema allows two types and a type twice is refused: the
	 * array never fills */
	for (c = n->children; c && rl->nguests < PVABI_MAX_GUEST_TYPES; c = c->next) {
		struct pvabi_reg_guest *g = &rl->guests[rl->nguests];

		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "guest"))
			continue;
		g->type = dup_prop(r->arena, c, "type");
		g->features0 = dup_prop(r->arena, c, "features0");
		for (i = 0; i < rl->nguests; i++)
			if (!strcmp(rl->guests[i].type, g->type)) {
				pvabi_diag_add(d, "DUPLICATE_NAME", r->file, pvabi_xml_line(c),
					       "release %s: guest type %s listed twice", rl->id,
					       g->type);
				return -1;
			}
		rl->nguests++;
	}
	r->nrels++;
	return 0;
}

static int moved_bad(struct pvabi_registry *r, struct pvabi_diags *d, xmlNode *c,
		     const char *why)
{
	pvabi_diag_add(d, "CORRECTION_INVALID", r->file, pvabi_xml_line(c),
		       "<moved revision=\"%.20s\">: %s", dup_prop(r->arena, c, "revision"), why);
	return -1;
}

/* One <moved>: a recorded fingerprint of a frozen revision, which the
 * registry's earlier corrections leave at `from`. A chain that skips a
 * step would acknowledge a change nobody recorded. */
static int load_moved(struct pvabi_registry *r, xmlNode *c, struct pvabi_reg_moved *m,
		      struct pvabi_diags *d)
{
	const char *g = dup_prop(r->arena, c, "generation"), *now;
	int ri;

	m->rev = dup_prop(r->arena, c, "revision");
	m->generation = g ? (int)strtol(g, NULL, 10) : r->described;
	m->from = dup_prop(r->arena, c, "from");
	m->to = dup_prop(r->arena, c, "to");
	m->loc.file = r->file;
	m->loc.line = pvabi_xml_line(c);
	ri = pvabi_registry_find(r, m->rev);
	if (ri < 0 || !pvabi_status_frozen(r->revs[ri].status))
		return moved_bad(r, d, c, "not a released, deprecated or retired revision of "
				 "the registry: only a recorded fingerprint can be corrected");
	now = pvabi_registry_current(r, (size_t)ri, m->generation);
	if (!now)
		return moved_bad(r, d, c, "the revision records no fingerprint of that generation");
	if (strcmp(now, m->from))
		return moved_bad(r, d, c, "from= is not the fingerprint the registry holds for "
				 "it before this correction");
	if (!strcmp(m->from, m->to))
		return moved_bad(r, d, c, "from= and to= are the same: nothing moved");
	return 0;
}

/* The <correction>s, after every revision is read; each is counted in
 * before the next is read, so a later one moves on from where it left. */
static int load_corrections(struct pvabi_registry *r, xmlNode *root, struct pvabi_diags *d)
{
	xmlNode *c, *x;

	for (c = root->children; c; c = c->next) {
		struct pvabi_reg_correction *k = &r->corrs[r->ncorrs];
		size_t n = 0;

		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "correction"))
			continue;
		for (x = c->children; x; x = x->next)
			n += x->type == XML_ELEMENT_NODE && !strcmp((const char *)x->name, "moved");
		k->date = dup_prop(r->arena, c, "date");
		k->reason = child_text(r->arena, c, "reason");
		k->loc.file = r->file;
		k->loc.line = pvabi_xml_line(c);
		if (!(k->moved = pvabi_arena_array(r->arena, n, sizeof(*k->moved))))
			return -1;
		r->ncorrs++; /* a second move of one fingerprint here goes on from the first */
		for (x = c->children; x; x = x->next) {
			if (x->type != XML_ELEMENT_NODE || strcmp((const char *)x->name, "moved"))
				continue;
			if (load_moved(r, x, &k->moved[k->nmoved], d))
				return -1;
			k->nmoved++;
		}
	}
	return 0;
}

static size_t count_children(xmlNode *root, const char *name)
{
	size_t n = 0;
	xmlNode *c;

	for (c = root->children; c; c = c->next)
		n += c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name);
	return n;
}

static int load_revs(struct pvabi_registry *r, xmlNode *root,
		     struct pvabi_diags *d)
{
	size_t i;
	xmlNode *c;
	int rc = 0;

	r->revs = pvabi_arena_array(r->arena, count_children(root, "revision"), sizeof(*r->revs));
	r->rels = pvabi_arena_array(r->arena, count_children(root, "release"), sizeof(*r->rels));
	r->corrs = pvabi_arena_array(r->arena, count_children(root, "correction"),
				     sizeof(*r->corrs));
	if (!r->revs || !r->rels || !r->corrs)
		return -1;
	for (c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)c->name, "support-window")) {
			r->window_from = dup_prop(r->arena, c, "from");
			r->window_to = dup_prop(r->arena, c, "to");
			r->window_loc.file = r->file;
			r->window_loc.line = pvabi_xml_line(c);
			continue;
		}
		if (!strcmp((const char *)c->name, "release")) {
			rc |= load_release(r, c, d);
			continue;
		}
		if (strcmp((const char *)c->name, "revision"))
			continue;
		if (load_rev(r, c, &r->revs[r->nrevs], d))
			rc = -1;
		for (i = 0; i < r->nrevs; i++)
			if (!strcmp(r->revs[i].id, r->revs[r->nrevs].id)) {
				pvabi_diag_add(d, "DUPLICATE_NAME", r->file, pvabi_xml_line(c),
					       "revision %s already listed at line %d",
					       r->revs[i].id, r->revs[i].loc.line);
				rc = -1;
			}
		r->nrevs++;
	}
	return rc;
}

/* The comment before the root: a registry's own account of itself, kept
 * when the release commands write it back. */
static const char *top_comment(struct pvabi_arena *a, xmlDocPtr doc, xmlNode *root)
{
	xmlNode *c;

	for (c = doc->children; c && c != root; c = c->next)
		if (c->type == XML_COMMENT_NODE && c->content)
			return pvabi_arena_strdup(a, (const char *)c->content);
	return NULL;
}

static struct pvabi_registry *build(xmlDocPtr doc, const char *path,
				    struct pvabi_diags *d)
{
	struct pvabi_arena *a;
	struct pvabi_registry *r;
	const char *desc;
	xmlNode *root;

	if (!doc)
		return NULL;
	a = pvabi_arena_new();
	r = a ? pvabi_arena_alloc(a, sizeof(*r)) : NULL;
	if (!r) {
		pvabi_diag_add(d, "OUT_OF_MEMORY", path, 0, "out of memory");
		pvabi_arena_free(a);
		xmlFreeDoc(doc);
		return NULL;
	}
	r->arena = a;
	r->file = pvabi_arena_strdup(a, path);
	root = xmlDocGetRootElement(doc);
	r->loc.file = r->file;
	r->loc.line = pvabi_xml_line(root);
	r->abi = dup_prop(a, root, "abi");
	r->spec = dup_prop(a, root, "spec");
	r->comment = top_comment(a, doc, root);
	desc = dup_prop(a, root, "described");
	/* the schema allows digits only; a generation past any spec's is all */
	r->described = desc ? (int)strtol(desc, NULL, 10) : 1;
	if (desc && (r->described < 1 || strlen(desc) > 7))
		r->described = PVABI_DESCRIBED_ALL;
	if (load_revs(r, root, d) || load_corrections(r, root, d)) {
		pvabi_arena_free(a);
		r = NULL;
	}
	xmlFreeDoc(doc);
	return r;
}

struct pvabi_registry *pvabi_registry_load(const char *path,
					   struct pvabi_diags *d)
{
	return build(pvabi_xml_load(path, PVABI_SCHEMA_REGISTRY, d), path, d);
}

struct pvabi_registry *pvabi_registry_load_mem(const char *buf, size_t len,
					       const char *name,
					       struct pvabi_diags *d)
{
	return build(pvabi_xml_load_mem(buf, len, name, PVABI_SCHEMA_REGISTRY, d),
		     name, d);
}

void pvabi_registry_free(struct pvabi_registry *r)
{
	if (r)
		pvabi_arena_free(r->arena);
}

const struct pvabi_reg_release *pvabi_registry_release(const struct pvabi_registry *r,
						       const char *id)
{
	size_t i;

	for (i = 0; i < r->nrels; i++)
		if (!strcmp(r->rels[i].id, id))
			return &r->rels[i];
	return NULL;
}
