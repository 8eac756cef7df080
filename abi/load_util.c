/* Attribute and child helpers of the loader. Every failure is recorded
 * with the element's line and marks the load failed; parsing goes on so
 * one run reports every problem of a file. */
#include "abi/load_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t count_children(const xmlNode *parent, const char *name)
{
	const xmlNode *c;
	size_t n = 0;

	for (c = parent->children; c; c = c->next)
		n += is_elem(c, name);
	return n;
}

void *load_children(struct loader *L, xmlNode *n, const char *name, size_t size,
		    const struct pvabi_op *op, int fmt1)
{
	size_t k = count_children(n, name);
	void *p;

	if (!k)
		return NULL;
	if (fmt1 && L->s->format >= 2) {
		LERR(L, n, "FORMAT_FEATURE",
		     "op %s: <%s> is not yet read in format %u specs (format 1 only)", op->name,
		     name, L->s->format);
		return NULL;
	}
	if (!(p = pvabi_arena_array(L->a, k, size)))
		L->failed = 1;
	return p;
}

/* An attribute's value is one text node in the document, unless it
 * held entity references (which need a DTD, and pvabi refuses DTDs):
 * read there, it needs neither xmlGetProp's copy nor a free. */
static const char *attr_in_doc(xmlAttr *a)
{
	xmlNode *t = a->children;

	return t && t->type == XML_TEXT_NODE && !t->next && t->content ? (const char *)t->content
									 : NULL;
}

const char *attr(struct loader *L, xmlNode *n, const char *name)
{
	xmlAttr *a = xmlHasProp(n, BAD_CAST name);
	const char *in = a ? attr_in_doc(a) : NULL;
	xmlChar *v;
	const char *r;

	if (!a)
		return NULL;
	if (in)
		return pvabi_arena_strdup(L->a, in);
	if (!(v = xmlGetProp(n, BAD_CAST name)))
		return NULL;
	r = pvabi_arena_strdup(L->a, (const char *)v);
	xmlFree(v);
	return r;
}

const char *attr_view(struct loader *L, xmlNode *n, const char *name)
{
	xmlAttr *a = xmlHasProp(n, BAD_CAST name);
	const char *in = a ? attr_in_doc(a) : NULL;

	return in ? in : a ? attr(L, n, name) : NULL;
}

/* Collapses runs of blanks to one space but keeps blank lines as
 * paragraph breaks, so generated comments and the manual reflow cleanly. */
static void normalise(const char *in, char *out)
{
	int space = 0, newlines = 0;
	char *o = out;

	while (*in && isspace((unsigned char)*in))
		in++;
	for (; *in; in++) {
		if (isspace((unsigned char)*in)) {
			space = 1;
			newlines += *in == '\n';
			continue;
		}
		if (space && o != out) {
			if (newlines >= 2) {
				*o++ = '\n';
				*o++ = '\n';
			} else {
				*o++ = ' ';
			}
		}
		space = newlines = 0;
		*o++ = *in;
	}
	*o = '\0';
}

const char *doc_of(struct loader *L, xmlNode *n)
{
	xmlNode *c = n == L->root ? load_top_first(L, TOP_DOC) : n->children;

	for (; c; c = c->next) {
		xmlChar *t;
		char *r;

		if (!is_elem(c, "doc"))
			continue;
		t = xmlNodeGetContent(c);
		if (!t)
			return NULL;
		r = pvabi_arena_alloc(L->a, strlen((const char *)t) + 1);
		if (r)
			normalise((const char *)t, r);
		xmlFree(t);
		return r;
	}
	return NULL;
}

/* A number as written: sign and magnitude, so "-1" and
 * "0xffffffffffffffff" stay apart until a range check says which the
 * target width can hold. -1 when it is no number or does not fit 64 bits. */
int parse_wide(const char *s, struct wide *w)
{
	unsigned long long v;
	char *end;

	w->neg = *s == '-';
	if (w->neg)
		s++;
	if (!*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 16 : 10);
	if (errno || *end || (w->neg && v > (unsigned long long)INT64_MAX + 1))
		return -1;
	w->mag = v;
	return 0;
}

int wide_attr(struct loader *L, xmlNode *n, const char *name, struct wide *w)
{
	w->text = attr_view(L, n, name);
	w->neg = 0;
	w->mag = 0;
	if (!w->text)
		return 1;
	if (parse_wide(w->text, w) < 0) {
		LERR(L, n, "BAD_NUMBER", "%s=\"%s\" is not a 64-bit number", name, w->text);
		return -1;
	}
	return 0;
}

int wide_in(const struct wide *w, int64_t lo, uint64_t hi)
{
	if (w->neg && w->mag != 0)
		return lo < 0 && w->mag <= (uint64_t)(-(lo + 1)) + 1;
	return w->mag <= hi && (lo <= 0 || w->mag >= (uint64_t)lo);
}

int64_t wide_value(const struct wide *w)
{
	/* u64 constants above INT64_MAX keep their bit pattern */
	return w->neg ? (int64_t)(0 - w->mag) : (int64_t)w->mag;
}

void prim_range(enum pvabi_prim p, int64_t *lo, uint64_t *hi)
{
	unsigned int bits = pvabi_prim_size(p) * 8;

	if (pvabi_prim_signed(p)) {
		*hi = (UINT64_C(1) << (bits - 1)) - 1;
		*lo = -(int64_t)*hi - 1;
	} else {
		*lo = 0;
		*hi = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
	}
}

int num_attr(struct loader *L, xmlNode *n, const char *name, int64_t *out)
{
	struct wide w;
	int rc = wide_attr(L, n, name, &w);

	if (rc == 0)
		*out = wide_value(&w);
	return rc;
}

int bool_attr(struct loader *L, xmlNode *n, const char *name)
{
	const char *v = attr_view(L, n, name);

	return v && (!strcmp(v, "true") || !strcmp(v, "1"));
}

int rev_attr(struct loader *L, xmlNode *n, const char *name, int dflt)
{
	const char *v = attr_view(L, n, name);
	int r;

	if (!v)
		return dflt;
	r = pvabi_spec_rev(L->s, v);
	if (r < 0) {
		LERR(L, n, "UNKNOWN_REVISION",
		     "%s=\"%s\" names no revision listed in <revisions>", name, v);
		return dflt;
	}
	return r;
}

/* Format 2's features are refused in a format 1 file (FORMAT_FEATURE),
 * so a format 1 spec loads, and fingerprints, exactly as before. Every
 * part of the loader asks, this file's helpers too. */
int fmt2_need(struct loader *L, xmlNode *n, const char *what)
{
	if (L->s->format >= 2)
		return 1;
	LERR(L, n, "FORMAT_FEATURE", "%s needs format=\"2\" (this spec is format %u)", what,
	     L->s->format);
	return 0;
}

/* An attribute of format 2: NULL when absent or refused. */
const char *fmt2_attr(struct loader *L, xmlNode *n, const char *name)
{
	const char *v = attr(L, n, name);
	char what[96];

	if (!v)
		return NULL;
	snprintf(what, sizeof(what), "attribute %s=", name);
	return fmt2_need(L, n, what) ? v : NULL;
}

/* Describing more of an ABI someone else releases is not a change of
 * it: the item's generation keeps it out of fingerprints recorded
 * before it was described. A spec whose revisions this project releases
 * itself adds items in a new revision instead. */
static int described_of(struct loader *L, xmlNode *n, const struct pvabi_life *parent)
{
	const char *v = attr_view(L, n, "described");
	char *end;
	long g;

	if (!v)
		return parent ? parent->described : 1;
	if (!fmt2_need(L, n, "described= (a description generation)"))
		return 1;
	g = strtol(v, &end, 10);
	if (*end || g < 1 || g > 1000000) {
		LERR(L, n, "BAD_NUMBER", "described=\"%s\" is not a generation from 1 to 1000000", v);
		return 1;
	}
	return (int)g;
}

void life_of(struct loader *L, xmlNode *n, const struct pvabi_life *parent,
	     struct pvabi_life *out)
{
	out->since = rev_attr(L, n, "since", parent ? parent->since : 0);
	out->deprecated = rev_attr(L, n, "deprecated", PVABI_NONE);
	out->removed = rev_attr(L, n, "removed", PVABI_NONE);
	out->described = described_of(L, n, parent);
}

void raise_of(struct loader *L, xmlNode *n, const struct pvabi_life *parent,
	      struct pvabi_raise *out)
{
	life_of(L, n, parent, &out->life);
	out->loc.file = L->file;
	out->loc.line = pvabi_xml_line(n);
}

int type_of(struct loader *L, xmlNode *n, const char *name, int allow_struct,
	    struct pvabi_type *out)
{
	int i;

	out->name = name;
	out->index = PVABI_NONE;
	i = pvabi_prim_parse(name);
	if (i == PVABI_ULONG || i == PVABI_SLONG)
		fmt2_need(L, n, "the mode-sized types ulong and slong");
	if (i >= 0) {
		out->kind = PVABI_T_PRIM;
		out->prim = (enum pvabi_prim)i;
		return 0;
	}
	i = pvabi_spec_enum(L->s, name);
	if (i >= 0) {
		out->kind = PVABI_T_ENUM;
		out->prim = L->s->enums[i].prim;
		out->index = i;
		return 0;
	}
	i = pvabi_spec_struct(L->s, name);
	if (i >= 0 && allow_struct) {
		out->kind = PVABI_T_STRUCT;
		out->prim = PVABI_U64;
		out->index = i;
		return 0;
	}
	if (i >= 0)
		LERR(L, n, "STRUCT_BY_VALUE",
		     "struct '%s' cannot be passed by value here; use pass=\"in\", \"out\" or \"inout\"",
		     name);
	else
		LERR(L, n, "UNKNOWN_TYPE",
		     "unknown type '%s' (not a primitive, enum or struct of this spec)",
		     name);
	out->kind = PVABI_T_PRIM;
	out->prim = PVABI_U64;
	return -1;
}

struct pvabi_names *names_build(struct loader *L, size_t n)
{
	struct pvabi_names *m = pvabi_names_new(L->a, n);

	if (!m)
		L->failed = 1;
	return m;
}

int names_add(struct loader *L, struct pvabi_names *m, const char *name,
	      int idx)
{
	int r;

	if (!m || !name)
		return -1;
	r = pvabi_names_put(m, name, idx);
	if (r == -2)
		L->failed = 1;
	return r >= 0 ? r : -1;
}
