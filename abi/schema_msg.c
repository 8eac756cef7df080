/* Schema refusals in the user's terms. libxml2's RelaxNG validator says
 * "Element op failed to validate attributes" or "Type string doesn't
 * allow value ..."; the user needs the element, the attribute, its value
 * and the lexical rule it breaks. The element comes from the error's
 * node; the attribute's rule from the table of schema_rules.c (a
 * test holds the two together). An engine message that only summarises
 * others is dropped. */
#include "abi/schema_msg.h"
#include "abi/schema_rules.h"
#include "abi/xmlload.h"

#include <stdio.h>
#include <string.h>

/* Up to 60 characters of v, then "..." and its length. */
static void quote(char *out, size_t n, const char *v)
{
	size_t len = strlen(v);

	if (len <= 60)
		snprintf(out, n, "\"%s\"", v);
	else
		snprintf(out, n, "\"%.48s...\" (%zu characters)", v, len);
}

/* <op name="write">, <revision id="2.1">, or <doc>; never by the
 * attribute being reported (skip), which the message quotes anyway. */
static void describe_but(char *out, size_t n, xmlNode *e, const char *skip)
{
	static const char *const keys[] = { "name", "id", "rule", NULL };
	char q[128];
	size_t i;

	for (i = 0; e && keys[i]; i++) {
		xmlChar *v = strcmp(keys[i], skip) ? xmlGetProp(e, BAD_CAST keys[i]) : NULL;

		if (v) {
			quote(q, sizeof(q), (const char *)v);
			snprintf(out, n, "<%s %s=%s>", (const char *)e->name, keys[i], q);
			xmlFree(v);
			return;
		}
	}
	snprintf(out, n, "<%s>", e ? (const char *)e->name : "?");
}

static void describe(char *out, size_t n, xmlNode *e)
{
	describe_but(out, n, e, "");
}

static xmlNode *element_of(const xmlError *e)
{
	xmlNode *n = e->node;

	while (n && n->type != XML_ELEMENT_NODE)
		n = n->parent;
	return n;
}

/* One attribute of el against its rule: 1 with a message if it breaks it
 * or el cannot carry it. */
static int attr_wrong(xmlNode *el, const char *attr, char *out, size_t n)
{
	const struct pvabi_attr_rule *r = pvabi_schema_rule((const char *)el->name, attr);
	xmlChar *v = xmlGetProp(el, BAD_CAST attr);
	char d[200], q[128], w[160];
	int wrong = 0;

	describe_but(d, sizeof(d), el, attr);
	if (v && !r) {
		snprintf(out, n, "%s: attribute %s is not allowed on <%s>", d, attr,
			 (const char *)el->name);
		wrong = 1;
	} else if (v && !pvabi_schema_value_ok(r, (const char *)v)) {
		quote(q, sizeof(q), (const char *)v);
		snprintf(out, n, "%s: %s=%s is not %s", d, attr, q, pvabi_schema_value_what(r, w, sizeof(w)));
		wrong = 1;
	}
	xmlFree(v);
	return wrong;
}

/* The first attribute of el that breaks its rule. */
static int any_attr_wrong(xmlNode *el, char *out, size_t n)
{
	xmlAttr *a;

	for (a = el->properties; a; a = a->next)
		if (attr_wrong(el, (const char *)a->name, out, n))
			return 1;
	return 0;
}

static int missing_required(xmlNode *el, char *out, size_t n)
{
	const char *attrs = pvabi_schema_required((const char *)el->name);
	char list[64], d[200], *tok, *save = NULL;

	if (!attrs)
		return 0;
	snprintf(list, sizeof(list), "%s", attrs);
	for (tok = strtok_r(list, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (!xmlHasProp(el, BAD_CAST tok)) {
			describe(d, sizeof(d), el);
			snprintf(out, n, "%s: required attribute %s is missing", d, tok);
			return 1;
		}
	return 0;
}

/* The attribute of el whose value is v (for "Type T doesn't allow value"). */
static int attr_with_value(xmlNode *el, const char *v, char *out, size_t n)
{
	xmlAttr *a;

	for (a = el->properties; a; a = a->next) {
		xmlChar *x = xmlNodeGetContent((xmlNode *)a);
		int same = x && !strcmp((const char *)x, v);

		xmlFree(x);
		if (same && attr_wrong(el, (const char *)a->name, out, n))
			return 1;
	}
	return 0;
}

/* The engine points at the node it was looking at, often the first child
 * of the element it names: find that element among el and its parents. */
static xmlNode *named(xmlNode *el, const char *name, int *line)
{
	xmlNode *p;

	for (p = el; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		if (!strcmp((const char *)p->name, name)) {
			*line = pvabi_xml_line(p);
			return p;
		}
	return el;
}

/* The child an element cannot be without, for "Expecting an element ,
 * got nothing" (the engine leaves the name out). */
static const char *needed_child(const char *elem)
{
	static const char *const pairs[] = {
		"abi", "revisions", "revisions", "revision", "conventions", "convention",
		"errors", "error", "enum", "value", "struct", "field", "waiver", "justification",
		"abi-versions", "support-window", NULL,
	};
	size_t i;

	for (i = 0; pairs[i]; i += 2)
		if (!strcmp(pairs[i], elem))
			return pairs[i + 1];
	return NULL;
}

static int has_child(xmlNode *el, const char *name)
{
	xmlNode *c;

	for (c = el ? el->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, name))
			return 1;
	return 0;
}

/* Faults of an element's attributes; -1 when m is about something else. */
static int explain_attrs(const char *m, xmlNode *el, char *out, size_t n, int *line)
{
	char a[128], b[128], d[200];

	if (sscanf(m, "Invalid attribute %127s for element %127s", a, b) == 2) {
		el = named(el, b, line);
		describe(d, sizeof(d), el);
		if (!attr_wrong(el, a, out, n))
			snprintf(out, n, "%s: the schema refuses attribute %s here", d, a);
		return 1;
	}
	if (sscanf(m, "Element %127s failed to validate attributes", a) == 1) {
		el = named(el, a, line);
		return missing_required(el, out, n) || any_attr_wrong(el, out, n);
	}
	if (!strncmp(m, "Type ", 5) && (m = strstr(m, "allow value '"))) {
		snprintf(b, sizeof(b), "%s", m + 13);
		b[strcspn(b, "'")] = '\0';
		return attr_with_value(el, b, out, n);
	}
	if (strstr(m, "Error validating datatype")) {
		if (any_attr_wrong(el, out, n))
			return 1;
		describe(d, sizeof(d), el);
		if (strcmp((const char *)el->name, "justification"))
			return 0;
		snprintf(out, n, "%s: a waiver's justification says why, in at least 10 characters", d);
		return 1;
	}
	return -1;
}

/* Faults of an element's content: children missing, misplaced, unknown. */
static int explain_content(const char *m, xmlNode *el, char *out, size_t n)
{
	xmlNode *parent = el->parent && el->parent->type == XML_ELEMENT_NODE ? el->parent : NULL;
	const char *need;
	char a[128], b[128], d[200], pd[200];

	describe(d, sizeof(d), el);
	describe(pd, sizeof(pd), parent);
	if (sscanf(m, "Did not expect element %127s there", a) == 1 ||
	    sscanf(m, "Extra element %127s in interleave", a) == 1) {
		need = parent ? needed_child((const char *)parent->name) : NULL;
		if (need && !has_child(parent, need) &&
		    (!strcmp((const char *)parent->name, "abi") ||
		     !strcmp((const char *)parent->name, "abi-versions")))
			snprintf(out, n, "%s has no <%s>: it comes first%s", pd, need,
				 strcmp(need, "revisions") ? "" : ", after the optional <doc>");
		else if (parent && !strcmp((const char *)parent->name, "abi"))
			snprintf(out, n, "%s is not allowed here: <abi> starts with <doc>, <revisions>, "
				 "<conventions> and <errors>, in this order", d);
		else
			snprintf(out, n, "%s is not allowed inside %s (or not in this order)", d, pd);
		return 1;
	}
	if (!strncmp(m, "Expecting an element ", 21) && strstr(m, "got nothing")) {
		need = needed_child((const char *)el->name);
		if (need)
			snprintf(out, n, "%s needs at least one <%s>", d, need);
		else
			snprintf(out, n, "%s is missing a required element", d);
		return 1;
	}
	if (sscanf(m, "Expecting element %127[^,], got %127s", a, b) == 2) {
		snprintf(out, n, "%s: expected <%s> here, found <%s>", pd, a, b);
		return 1;
	}
	if (sscanf(m, "Element %127s has extra content: %127s", a, b) == 2) {
		snprintf(out, n, "%s: <%s> is not allowed here (or not in this order)", d, b);
		return 1;
	}
	if (sscanf(m, "Did not expect text in element %127s content", a) == 1) {
		snprintf(out, n, "%s cannot contain text", d);
		return 1;
	}
	return -1;
}

int pvabi_schema_explain(const xmlError *e, char *out, size_t n, int *line)
{
	const char *m = e->message ? e->message : "";
	xmlNode *el = element_of(e);
	char d[200];
	int rc;

	*line = el ? pvabi_xml_line(el) : e->line;
	if (strstr(m, "failed to validate content") || strstr(m, "Invalid sequence") ||
	    (!el && (strstr(m, "failed to validate attributes") ||
		     strstr(m, "Error validating datatype"))))
		return 0; /* a summary of the errors reported beside it */
	if (el && ((rc = explain_attrs(m, el, out, n, line)) >= 0 ||
		   (rc = explain_content(m, el, out, n)) >= 0))
		return rc;
	describe(d, sizeof(d), el);
	snprintf(out, n, "%s%s%.*s", el ? d : "", el ? ": " : "", (int)strcspn(m, "\n"), m);
	return 1;
}

int pvabi_schema_attr_known(const char *elem, const char *attr)
{
	return pvabi_schema_rule(elem, attr) != NULL;
}

int pvabi_schema_attr_wrong(xmlNode *el, const char *attr, char *out, size_t n)
{
	return attr_wrong(el, attr, out, n);
}
