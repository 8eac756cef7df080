/* The one-pass schema check (abi/xmlfast.c) never accepts what libxml2's
 * RelaxNG validator refuses, and a refusal reads the same with it or
 * without: every spec, fixture and fuzz seed of the repository, then
 * mutants of the shipped specs (each attribute of each kind of element
 * given edge values, removed, or joined by an unknown one; each kind of
 * element removed, doubled, moved, renamed or given text), is loaded
 * both ways (pvabi_xml_set_strict) and the two answers compared. Each
 * kind is mutated once, in a copy of its spec cut to the elements that
 * hold a kind still to mutate and one of each run of like siblings:
 * every mutant loads in a third of the bytes. */
#include "abi/xmlload.h"
#include "tests/fixtures.h"
#include "abi/tests/spec_tests.h"

#include <dirent.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 4096

struct tally {
	size_t loads, accepted, bad;
};

/* "accept" or every diagnostic, one per line. */
static char *answer(const char *buf, size_t len, const char *name,
		    enum pvabi_schema which, int strict)
{
	struct pvabi_diags d = { 0 };
	xmlDocPtr doc;
	char *out = NULL;
	size_t n = 0, i;
	FILE *f = open_memstream(&out, &n);

	pvabi_xml_set_strict(strict);
	doc = pvabi_xml_load_mem(buf, len, name, which, &d);
	pvabi_xml_set_strict(0);
	if (f) {
		if (doc)
			fputs("accept", f);
		for (i = 0; i < d.n; i++)
			fprintf(f, "%s:%d %s %s\n", d.v[i].file, d.v[i].line, d.v[i].rule,
				d.v[i].msg);
		fclose(f);
	}
	xmlFreeDoc(doc);
	pvabi_diag_free(&d);
	return out;
}

static void compare(const char *buf, size_t len, const char *name, struct tally *t)
{
	enum pvabi_schema which = strstr(buf, "<abi-versions") ? PVABI_SCHEMA_REGISTRY
							       : PVABI_SCHEMA_SPEC;
	char *fast = answer(buf, len, name, which, 0);
	char *full = answer(buf, len, name, which, 1);

	t->loads++;
	t->accepted += fast && !strcmp(fast, "accept");
	if (!fast || !full || strcmp(fast, full)) {
		t->bad++;
		FX_FAIL("%s: one-pass check answers\n%s\nthe validator answers\n%s", name,
			fast ? fast : "?", full ? full : "?");
	}
	free(fast);
	free(full);
}

static void walk(const char *dir, struct tally *t)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	size_t len;
	char *buf;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (fx_is_dir(path) && strcmp(e->d_name, "guests")) {
			walk(path, t);
			continue;
		}
		if (!strstr(e->d_name, ".xml") && !strstr(e->d_name, ".bin") &&
		    !strstr(path, "fuzz/spec/") && !strstr(path, "fuzz/registry/"))
			continue;
		if ((buf = fx_read(path, &len)))
			compare(buf, len, path, t);
		free(buf);
	}
	if (d)
		closedir(d);
}

/* Values at the edges of every datatype the schema uses. */
static const char *const edge_values[] = {
	"", " ", "0", "1", "01", "+1", "-1", " 1", "1 ", "65535", "65536",
	"99999999999999999999", "true", "false", " true", "TRUE", "x", "x y",
	"x  y", " x", "x\t", "call-frame", " call-frame", "x86_64 x86_32",
	"x86_64  x86_32", "pv pvh", "pv ", "a", "0x1", "\xc3\xa9",
	"ten chars.", "nine char", " nine char ",
};
#define NEDGE (sizeof(edge_values) / sizeof(edge_values[0]))

struct mut {
	xmlDocPtr doc;
	const char *name;
	struct tally *t;
	char *keys[MAX_KEYS];
	size_t nkeys;
};

/* Each kind of element (by its parent's name and its own) once. */
static int first_of_kind(struct mut *m, const xmlNode *n, const char *attr)
{
	char key[256];
	size_t i;

	snprintf(key, sizeof(key), "%s/%s@%s", n->parent && n->parent->name ? (const char *)n->parent->name : "",
		 (const char *)n->name, attr ? attr : "");
	for (i = 0; i < m->nkeys; i++)
		if (!strcmp(m->keys[i], key))
			return 0;
	if (m->nkeys < MAX_KEYS)
		m->keys[m->nkeys++] = strdup(key);
	return 1;
}

static void load_mutant(struct mut *m)
{
	xmlChar *text = NULL;
	int len = 0;

	xmlDocDumpMemory(m->doc, &text, &len);
	if (text)
		compare((const char *)text, (size_t)len, m->name, m->t);
	xmlFree(text);
}

static void mutate_attr(struct mut *m, xmlNode *n, const xmlChar *name)
{
	xmlChar *was = xmlGetProp(n, name);
	size_t i;

	for (i = 0; i < NEDGE; i++) {
		xmlSetProp(n, name, BAD_CAST edge_values[i]);
		load_mutant(m);
	}
	xmlSetProp(n, name, was);
	xmlUnsetProp(n, name); /* required or not */
	load_mutant(m);
	xmlSetProp(n, name, was);
	xmlFree(was);
}

/* n removed, doubled, before its previous sibling, renamed as its
 * sibling, given text; an unknown attribute. */
static void mutate_elem(struct mut *m, xmlNode *n)
{
	xmlNode *next = n->next, *parent = n->parent, *copy;
	xmlChar *name = xmlStrdup(n->name);

	xmlUnlinkNode(n);
	load_mutant(m);
	if (next)
		xmlAddPrevSibling(next, n);
	else
		xmlAddChild(parent, n);
	if ((copy = xmlCopyNode(n, 1))) {
		xmlAddNextSibling(n, copy);
		load_mutant(m);
		xmlUnlinkNode(copy);
		xmlFreeNode(copy);
	}
	if (n->prev) {
		xmlAddPrevSibling(n->prev, n); /* moves n one place up */
		load_mutant(m);
		xmlAddNextSibling(n->next, n);
	}
	if (n->next && n->next->type == XML_ELEMENT_NODE) {
		xmlNodeSetName(n, n->next->name);
		load_mutant(m);
		xmlNodeSetName(n, name);
	}
	/* (xmlAddChild would merge it into a last text child) */
	copy = n->last && n->last->type == XML_TEXT_NODE ? NULL : xmlNewText(BAD_CAST "text");
	if (copy) {
		xmlAddChild(n, copy);
		load_mutant(m);
		xmlUnlinkNode(copy);
		xmlFreeNode(copy);
	}
	xmlSetProp(n, BAD_CAST "unknown", BAD_CAST "1");
	load_mutant(m);
	xmlUnsetProp(n, BAD_CAST "unknown");
	xmlFree(name);
}

static void mutate_tree(struct mut *m, xmlNode *n)
{
	xmlChar *names[64];
	xmlNode *next;
	xmlAttr *a;
	size_t i, k;

	for (; n; n = next) {
		next = n->next;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (a = n->properties, k = 0; a && k < 64; a = a->next)
			names[k++] = xmlStrdup(a->name);
		for (i = 0; i < k; i++) {
			if (first_of_kind(m, n, (const char *)names[i]))
				mutate_attr(m, n, names[i]);
			xmlFree(names[i]);
		}
		mutate_tree(m, n->children);
		if (first_of_kind(m, n, NULL))
			mutate_elem(m, n);
	}
}

/* Walks n as mutate_tree will (its attributes, its children, then n
 * itself), recording each kind in sim; returns whether n's subtree holds
 * a kind met there first. On the way, a child holding none is removed
 * when the element before it has its name: one of a run of like
 * elements (ops, fields, revisions) stays, so what each mutant changes
 * and the siblings it is moved among or renamed after are as before,
 * and no mutant carries the rest of the run as ballast. */
static int prune(struct mut *sim, xmlNode *n)
{
	xmlNode *c, *next, *prev = NULL;
	xmlAttr *a;
	int fresh = 0, mine;

	for (a = n->properties; a; a = a->next)
		fresh |= first_of_kind(sim, n, (const char *)a->name);
	for (c = n->children; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		mine = prune(sim, c);
		if (!mine && prev && xmlStrEqual(prev->name, c->name)) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
			continue;
		}
		fresh |= mine;
		prev = c;
	}
	return first_of_kind(sim, n, NULL) | fresh;
}

/* Kinds already mutated in an earlier (smaller) spec are not again, and
 * the runs of like elements that hold no kind to mutate are cut first. */
static void mutants_of(struct mut *m, const char *path)
{
	struct mut *sim = calloc(1, sizeof(*sim));
	size_t i, before;

	CU_ASSERT_PTR_NOT_NULL_FATAL(sim);
	m->name = path;
	m->doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m->doc);
	memcpy(sim->keys, m->keys, m->nkeys * sizeof(m->keys[0]));
	sim->nkeys = m->nkeys;
	prune(sim, xmlDocGetRootElement(m->doc));
	for (i = m->nkeys; i < sim->nkeys; i++)
		free(sim->keys[i]);
	free(sim);
	/* the cut spec is still one the schema accepts, both ways */
	before = m->t->accepted;
	load_mutant(m);
	CU_ASSERT_EQUAL(m->t->accepted, before + 1);
	mutate_tree(m, xmlDocGetRootElement(m->doc));
	xmlFreeDoc(m->doc);
}

static void test_schema_compiles(void)
{
	/* the spec schema is in the subset: the fast path is taken */
	CU_ASSERT_TRUE(pvabi_xml_fast_in_use(PVABI_SCHEMA_SPEC));
}

static void test_every_input_agrees(void)
{
	struct tally t = { 0 };

	walk("spec", &t);
	walk("fixtures", &t);
	printf("\n    %zu inputs, %zu accepted, %zu disagreements\n", t.loads, t.accepted, t.bad);
	CU_ASSERT(t.loads > 200);
	CU_ASSERT(t.accepted > 50);
	CU_ASSERT_EQUAL(t.bad, 0);
}

static void test_mutants_agree(void)
{
	static const char *const specs[] = { "fixtures/gen/hostile.xml", "spec/kvm.xml",
					     "spec/xen.xml", "spec/platform.xml" };
	struct tally t = { 0 };
	static struct mut m;
	size_t i;

	m.t = &t;
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++)
		mutants_of(&m, specs[i]);
	for (i = 0; i < m.nkeys; i++)
		free(m.keys[i]);
	printf("\n    %zu mutants, %zu accepted, %zu disagreements\n", t.loads, t.accepted, t.bad);
	CU_ASSERT(t.loads > 2000);
	CU_ASSERT(t.accepted > 100);
	CU_ASSERT_EQUAL(t.bad, 0);
}

const struct pvabi_test_case xmlfast_cases[] = {
	{ "schema_compiles", test_schema_compiles },
	{ "every_input_agrees", test_every_input_agrees },
	{ "mutants_agree", test_mutants_agree },
	{ NULL, NULL },
};
