#include "abi/xmlload.h"
#include "abi/model.h"
#include "abi/schema_msg.h"
#include "abi/xmlfast.h"
#include "abi/xmlpattern.h"
#include "util/file.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct load_ctx {
	struct pvabi_diags *d;
	const char *name;
	int dtd_seen;
	const char *domain_rule; /* rule id for libxml2's own messages */
	size_t n0; /* d->n before this load: d may hold earlier messages */
	char held[512]; /* a schema summary kept in case nothing else is said */
	int held_line;
};

/* The parser records each element's full line in _private (xmlline.c
 * says why): on_start_element below. */
static void on_start_element(void *vctxt, const xmlChar *name,
			     const xmlChar *prefix, const xmlChar *uri,
			     int nns, const xmlChar **ns, int nattrs,
			     int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr ctxt = vctxt;
	xmlNodePtr before = ctxt->node;

	xmlSAX2StartElementNs(vctxt, name, prefix, uri, nns, ns, nattrs, ndefaulted,
			      attrs);
	if (ctxt->node && ctxt->node != before && ctxt->node->line == 65535 &&
	    ctxt->input)
		ctxt->node->_private = (void *)(intptr_t)ctxt->input->line;
}

static void on_error(void *user, xmlErrorPtr e)
{
	struct load_ctx *c = user;
	const xmlNode *n;
	int line;

	if (!e || e->level == XML_ERR_WARNING)
		return;
	n = e->node;
	line = e->line;
	if (line == 65535 && n && n->type == XML_ELEMENT_NODE)
		line = pvabi_xml_line(n);
	pvabi_diag_add(c->d, c->domain_rule, c->name, line, "%s",
		       e->message ? e->message : "XML error");
}

/* Schema refusals go out in the user's terms (schema_msg.c); the
 * engine's summaries are held back, and said only if nothing else was. */
static void on_schema_error(void *user, xmlErrorPtr e)
{
	struct load_ctx *c = user;
	char msg[512];
	int line;

	if (!e || e->level == XML_ERR_WARNING)
		return;
	if (pvabi_schema_explain(e, msg, sizeof(msg), &line)) {
		/* the engine often reports one fault twice, in two wordings */
		if (c->d->n > c->n0 && c->d->v[c->d->n - 1].line == line &&
		    !strcmp(c->d->v[c->d->n - 1].msg, msg))
			return;
		pvabi_diag_add(c->d, "SCHEMA_INVALID", c->name, line, "%s", msg);
	} else if (!c->held[0]) {
		snprintf(c->held, sizeof(c->held), "%.*s", (int)strcspn(e->message ? e->message : "", "\n"),
			 e->message ? e->message : "");
		c->held_line = line;
	}
}

/* Any DOCTYPE is refused: pvabi's formats need no DTD, and refusing it
 * here is what makes entity expansion attacks impossible. */
static void on_internal_subset(void *vctxt, const xmlChar *name,
			       const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = vctxt;
	struct load_ctx *c = ctxt->_private;

	(void)name;
	(void)ext;
	(void)sys;
	c->dtd_seen = 1;
	pvabi_diag_add(c->d, "XML_DOCTYPE_FORBIDDEN", c->name,
		       xmlSAX2GetLineNumber(ctxt),
		       "DOCTYPE declarations are not allowed in pvabi inputs");
	xmlStopParser(ctxt);
}

static xmlDocPtr parse(const char *buf, size_t len, struct load_ctx *c)
{
	/* COMPACT keeps short text inside its node: the document is only
	 * read, and a million-element spec's tree is smaller for it. */
	const int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES |
			 XML_PARSE_NOBLANKS | XML_PARSE_COMPACT;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;

	if (len > (size_t)PVABI_XML_MAX_BYTES || len > (size_t)INT32_MAX) {
		pvabi_diag_add(c->d, "INPUT_TOO_LARGE", c->name, 0, "input larger than %u bytes",
			       PVABI_XML_MAX_BYTES);
		return NULL;
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		pvabi_diag_add(c->d, "OUT_OF_MEMORY", c->name, 0, "out of memory");
		return NULL;
	}
	ctxt->_private = c;
	ctxt->sax->internalSubset = on_internal_subset;
	ctxt->sax->startElementNs = on_start_element;
	xmlSetStructuredErrorFunc(c, on_error);
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, c->name, NULL, opts);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc && (c->dtd_seen || !ctxt->wellFormed || c->d->n > c->n0)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (!doc && c->d->n == c->n0)
		pvabi_diag_add(c->d, "XML_MALFORMED", c->name, 0, "not a well-formed XML document");
	xmlFreeParserCtxt(ctxt);
	return doc;
}

/* libxml2's RelaxNG validator reports an unknown element among <abi>'s
 * interleaved children at an unrelated sibling ("extra content: errors");
 * name it at its own line instead. */
static int check_top_level(xmlNode *root, struct load_ctx *c)
{
	static const char *const known[] = {
		"doc", "revisions", "conventions", "errors", "enum",
		"feature", "struct", "op", "waiver", "scenario", "limit",
		"typedef", "union", "negotiation", /* format 2 */
	};
	const size_t nknown = sizeof(known) / sizeof(known[0]);
	xmlNode *n;
	size_t i;
	int rc = 0;

	for (n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; i < nknown; i++)
			if (!strcmp((const char *)n->name, known[i]))
				break;
		if (i < nknown)
			continue;
		pvabi_diag_add(c->d, "SCHEMA_INVALID", c->name, pvabi_xml_line(n),
			       "unknown element <%s> in <abi>", (const char *)n->name);
		rc = -1;
	}
	return rc;
}

/* Digits only (what the schema's positiveInteger leaves after "+" and
 * zeros) and above max, however many digits: "-1" is the schema's to
 * refuse, not a format from the future. */
static int format_newer(const char *f, unsigned long max)
{
	unsigned long v = 0;
	size_t n = 0;

	if (*f == '+')
		f++;
	while (*f == '0' && f[1])
		f++;
	for (; f[n] >= '0' && f[n] <= '9'; n++)
		v = n < 18 ? v * 10 + (unsigned long)(f[n] - '0') : v;
	return n > 0 && f[n] == '\0' && (n >= 18 || v > max);
}

/* Refuse a newer format before validating: its schema errors would only
 * hide the real message. */
static int check_root(xmlDocPtr doc, enum pvabi_schema which,
		      struct load_ctx *c)
{
	const char *want = which == PVABI_SCHEMA_SPEC ? "abi" : "abi-versions";
	unsigned long max = which == PVABI_SCHEMA_SPEC ? PVABI_SPEC_FORMAT
						       : PVABI_REGISTRY_FORMAT;
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlChar *fmt;

	if (!root || strcmp((const char *)root->name, want)) {
		pvabi_diag_add(c->d, "WRONG_DOCUMENT", c->name, pvabi_xml_line(root),
			       "expected a <%s> document, found <%s>", want,
			       root ? (const char *)root->name : "nothing");
		return -1;
	}
	fmt = xmlGetProp(root, BAD_CAST "format");
	if (!fmt) /* the schema reports the missing attribute */
		return which == PVABI_SCHEMA_SPEC ? check_top_level(root, c) : 0;
	if (format_newer((const char *)fmt, max)) {
		pvabi_diag_add(c->d, "FORMAT_TOO_NEW", c->name, pvabi_xml_line(root),
			       "format %s is newer than this pvabi reads (format %lu); upgrade pvabi",
			       (const char *)fmt, max);
		xmlFree(fmt);
		return -1;
	}
	xmlFree(fmt);
	return which == PVABI_SCHEMA_SPEC ? check_top_level(root, c) : 0;
}

struct schema {
	xmlRelaxNGPtr rng;
	struct pvabi_xml_patterns *patterns;
	struct pvabi_xml_fast *fast; /* NULL: the validator checks everything */
};

static int strict; /* pvabi_xml_set_strict */

void pvabi_xml_set_strict(int on)
{
	strict = on;
}

/* Compiled once per program. The pattern facets are taken out of the
 * schema first and checked by xmlpattern.c (libxml2 would compile each
 * pattern again for every value); what remains compiles to the one-pass
 * check of xmlfast.h as well as to libxml2's validator. */
static const struct schema *schema_get(enum pvabi_schema which)
{
	static struct schema cache[2];
	const char *text = which == PVABI_SCHEMA_SPEC ? pvabi_schema_spec_rng
						      : pvabi_schema_registry_rng;
	unsigned long len = which == PVABI_SCHEMA_SPEC ? pvabi_schema_spec_rng_len
						       : pvabi_schema_registry_rng_len;
	struct schema *s = &cache[which];
	xmlRelaxNGParserCtxtPtr pc;
	xmlDocPtr doc;

	if (s->rng)
		return s;
	doc = xmlReadMemory(text, (int)len, "schema.rng", NULL, XML_PARSE_NONET);
	if (!doc)
		return s;
	s->patterns = pvabi_xml_patterns_take(doc);
	s->fast = s->patterns ? pvabi_xml_fast_compile(doc) : NULL;
	pc = xmlRelaxNGNewDocParserCtxt(doc); /* works on a copy */
	if (pc) {
		s->rng = xmlRelaxNGParse(pc);
		xmlRelaxNGFreeParserCtxt(pc);
	}
	xmlFreeDoc(doc);
	return s;
}

int pvabi_xml_fast_in_use(enum pvabi_schema which)
{
	return schema_get(which)->fast != NULL;
}

static int validate(xmlDocPtr doc, enum pvabi_schema which, struct load_ctx *c)
{
	const struct schema *s = schema_get(which);
	xmlRelaxNGValidCtxtPtr vc;
	int rc, bad;

	if (!s->rng) {
		pvabi_diag_add(c->d, "INTERNAL_ERROR", c->name, 0, "internal error: embedded schema does not compile");
		return -1;
	}
	c->domain_rule = "SCHEMA_INVALID";
	bad = pvabi_xml_patterns_check(s->patterns, doc, c->name, c->d);
	/* a refusal is the validator's to word */
	if (!bad && !strict && pvabi_xml_fast_valid(s->fast, doc))
		return 0;
	vc = xmlRelaxNGNewValidCtxt(s->rng);
	if (!vc) {
		pvabi_diag_add(c->d, "OUT_OF_MEMORY", c->name, 0, "out of memory");
		return -1;
	}
	xmlRelaxNGSetValidStructuredErrors(vc, on_schema_error, c);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	if (rc != 0 && c->d->n == c->n0)
		pvabi_diag_add(c->d, "SCHEMA_INVALID", c->name, c->held_line, "%s",
			       c->held[0] ? c->held : "does not match its schema");
	return rc == 0 && !bad ? 0 : -1;
}

xmlDocPtr pvabi_xml_load_mem(const char *buf, size_t len, const char *name,
			     enum pvabi_schema which, struct pvabi_diags *d)
{
	struct load_ctx c = { d, name, 0, "XML_MALFORMED", d->n, "", 0 };
	xmlDocPtr doc;

	doc = parse(buf, len, &c);
	if (!doc)
		return NULL;
	if (check_root(doc, which, &c) < 0 || validate(doc, which, &c) < 0) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* A path that is not a regular file (a FIFO, a device, a directory) is
 * refused before anything is read; one byte past the limit is read so
 * the parser's INPUT_TOO_LARGE names it. */
static char *slurp(const char *path, size_t *len, struct pvabi_diags *d)
{
	struct pvabi_file_buf b;
	size_t pl = strlen(path);
	char err[4400];

	if (pvabi_file_read(path, (size_t)PVABI_XML_MAX_BYTES + 1, PVABI_FILE_TRUNCATE, &b, err,
			    sizeof(err)) < 0) {
		/* The diagnostic names the file already: keep the why alone. */
		pvabi_diag_add(d, "INPUT_UNREADABLE", path, 0, "%s",
			       !strncmp(err, path, pl) && err[pl] == ':' ? err + pl + 2 : err);
		return NULL;
	}
	*len = b.len;
	return b.data;
}

xmlDocPtr pvabi_xml_load(const char *path, enum pvabi_schema which,
			 struct pvabi_diags *d)
{
	size_t len = 0;
	char *buf = slurp(path, &len, d);
	xmlDocPtr doc;

	if (!buf)
		return NULL;
	doc = pvabi_xml_load_mem(buf, len, path, which, d);
	free(buf);
	return doc;
}
