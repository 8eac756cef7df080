/* The lexical rules of the schemas' attributes as a table that mirrors
 * the schemas (a test holds the two together), and the attributes each
 * element cannot do without: what schema_msg.c explains a refusal by. */
#include "abi/schema_rules.h"

#include <stdio.h>
#include <string.h>

enum kind {
	K_NONE, K_IDENT, K_ERRNAME, K_REVID, K_NUMBER, K_POSINT, K_BOOL, K_DATE,
	K_FINGERPRINT, K_TARGET, K_REVLIST, K_CHOICE, K_CHOICES, K_CNAME, K_SIGNATURE, K_PATH,
	K_BIND, K_VAR, K_HEX32,
};

struct pvabi_attr_rule {
	const char *attr;
	const char *elems; /* the elements that may carry it, space-separated */
	enum kind kind;
	const char *choices; /* K_CHOICE: space-separated */
};

#define LIFE_ELEMS "error enum value feature struct field op arg raises vector scenario limit case union typedef command guest-bits ignored-bits partition edge batch refused-kind span addr one-per fixed by-caller"

static const struct pvabi_attr_rule rules[] = {
	{ "name", "error", K_ERRNAME, NULL },
	{ "name", "abi convention enum value feature struct field op arg scenario limit partition", K_IDENT, NULL },
	{ "arg", "partition", K_IDENT, NULL },
	{ "enum", "partition", K_IDENT, NULL },
	{ "empty", "partition", K_CHOICE, "true" },
	{ "bytes", "partition", K_CHOICE, "any" },
	{ "ends", "partition", K_NONE, NULL },
	{ "lacks", "partition", K_NONE, NULL },
	{ "holds", "partition", K_NONE, NULL },
	{ "in", "partition", K_NONE, NULL },
	{ "args", "partition", K_NONE, NULL },
	{ "expect", "partition", K_NONE, NULL },
	{ "array", "batch", K_IDENT, NULL },
	{ "done", "batch", K_IDENT, NULL },
	{ "at-failure", "batch", K_CHOICE, "stop skip" },
	{ "earlier", "batch", K_CHOICE, "kept undone" },
	{ "each", "batch", K_IDENT, NULL },
	{ "field", "refuses", K_IDENT, NULL },
	{ "value", "refuses", K_NUMBER, NULL },
	{ "error", "refuses", K_ERRNAME, NULL },
	{ "page", "writes", K_IDENT, NULL },
	{ "entry", "writes", K_IDENT, NULL },
	{ "value", "writes", K_IDENT, NULL },
	{ "width", "writes", K_CHOICE, "1 2 4 8" },
	{ "values", "writes", K_NONE, NULL },
	{ "kind", "limit", K_CHOICE, "count max" },
	{ "value", "limit case cap", K_NUMBER, NULL },
	{ "otherwise", "cap", K_NUMBER, NULL },
	{ "past", "cap", K_CHOICE, "merge refuse" },
	{ "error", "cap", K_ERRNAME, NULL },
	{ "count", "cap", K_NONE, NULL },
	{ "scenario", "raise", K_IDENT, NULL },
	{ "min", "limit", K_NUMBER, NULL },
	{ "error", "limit", K_ERRNAME, NULL },
	{ "min-error", "limit", K_ERRNAME, NULL },
	{ "platform", "limit", K_BOOL, NULL },
	{ "counts", "limit", K_CHOICE, "vcpus" },
	{ "feature", "case", K_IDENT, NULL },
	{ "limit", "arg ret changes", K_IDENT, NULL },
	{ "full", "ret", K_ERRNAME, NULL },
	{ "freed-by", "ret", K_IDENT, NULL },
	{ "order", "ret", K_CHOICE, "lowest" },
	{ "mask", "guest-bits", K_NUMBER, NULL },
	{ "when-set", "guest-bits", K_NUMBER, NULL },
	{ "when-clear", "guest-bits", K_NUMBER, NULL },
	{ "mask", "ignored-bits", K_NUMBER, NULL },
	{ "writable", "ignored-bits", K_NUMBER, NULL },
	{ "by", "refused-kind", K_IDENT, NULL },
	{ "in", "refused-kind", K_NONE, NULL },
	{ "error", "refused-kind", K_ERRNAME, NULL },
	{ "scope", "one-per", K_CHOICE, "guest vcpu" },
	{ "in", "one-per", K_NONE, NULL },
	{ "error", "one-per", K_ERRNAME, NULL },
	{ "field", "one-per", K_IDENT, NULL },
	{ "vcpu", "one-per", K_IDENT, NULL },
	{ "handle", "one-per", K_IDENT, NULL },
	{ "freed-by", "one-per", K_NONE, NULL },
	{ "elsewhere", "one-per", K_ERRNAME, NULL },
	{ "handler-limit", "arg", K_IDENT, NULL },
	{ "reset", "arg", K_NUMBER, NULL },
	{ "restore-from", "arg", K_IDENT, NULL },
	{ "written-on", "arg field", K_NONE, NULL },
	{ "at", "edge", K_NONE, NULL },
	{ "is", "edge", K_CHOICE, "valid saturates wraps refused ignored" },
	{ "when", "edge now addr ignored-bits", K_NONE, NULL },
	{ "expect", "edge", K_NONE, NULL },
	{ "error", "edge", K_ERRNAME, NULL },
	{ "adds", "edge", K_IDENT, NULL },
	{ "observe", "edge now", K_IDENT, NULL },
	{ "base", "span", K_IDENT, NULL },
	{ "unit", "span", K_NUMBER, NULL },
	{ "top", "span", K_NUMBER, NULL },
	{ "error", "span", K_ERRNAME, NULL },
	{ "expect", "span addr", K_NONE, NULL },
	{ "form", "addr", K_CHOICE, "virtual physical canonical" },
	{ "refuse", "addr", K_NONE, NULL },
	{ "width-call", "addr", K_NONE, NULL },
	{ "width", "addr", K_NONE, NULL },
	{ "align", "addr", K_NUMBER, NULL },
	{ "is", "now", K_CHOICE, "absolute relative" },
	{ "clock", "now monotonic", K_IDENT, NULL },
	{ "past", "now", K_NONE, NULL },
	{ "zero", "now", K_CHOICE, "cancels" },
	{ "early", "now", K_NUMBER, NULL },
	{ "late", "now", K_NUMBER, NULL },
	{ "seen", "now", K_NONE, NULL },
	{ "field", "now", K_PATH, NULL },
	{ "record", "now", K_PATH, NULL },
	{ "args", "probe-base monotonic fixed", K_NONE, NULL },
	{ "scope", "fixed", K_CHOICE, "guest vcpu" },
	{ "unit", "monotonic", K_CHOICE, "ns" },
	{ "khz", "monotonic", K_NONE, NULL },
	{ "runs-with", "monotonic", K_IDENT, NULL },
	{ "bounded-by", "monotonic", K_IDENT, NULL },
	{ "excludes", "monotonic", K_NONE, NULL },
	{ "converts", "monotonic", K_IDENT, NULL },
	{ "mul", "monotonic", K_PATH, NULL },
	{ "shift", "monotonic", K_PATH, NULL },
	{ "for-ns", "monotonic", K_POSINT, NULL },
	{ "op", "call changes raise", K_IDENT, NULL },
	{ "bind", "call", K_BIND, NULL },
	{ "retry", "call", K_NUMBER, NULL },
	{ "vcpu", "call wait", K_NUMBER, NULL },
	{ "bind", "page clock", K_IDENT, NULL },
	{ "at", "read write clock", K_VAR, NULL },
	{ "offset", "read write clock", K_NONE, NULL },
	{ "expect", "clock", K_NONE, NULL },
	{ "width", "read write", K_CHOICE, "1 2 4 8" },
	{ "bit", "read write", K_VAR, NULL },
	{ "mask", "read", K_NUMBER, NULL },
	{ "expect", "read", K_NUMBER, NULL },
	{ "value", "write", K_NUMBER, NULL },
	{ "within-ns", "read wait check monotonic", K_NUMBER, NULL },
	{ "tied", "check", K_NONE, NULL },
	{ "event", "wait", K_CHOICE, "upcall" },
	{ "count", "wait", K_NUMBER, NULL },
	{ "exact", "wait", K_BOOL, NULL },
	{ "ack", "wait", K_VAR, NULL },
	{ "ack-offset", "wait", K_NUMBER, NULL },
	{ "vector", "wait", K_NUMBER, NULL },
	{ "id", "revision", K_REVID, NULL },
	{ "id", "op", K_NUMBER, NULL },
	{ "abi", "abi-versions", K_IDENT, NULL },
	{ "format", "abi abi-versions", K_POSINT, NULL },
	{ "described", LIFE_ELEMS " abi-versions", K_POSINT, NULL },
	{ "default-convention", "abi", K_IDENT, NULL },
	{ "type", "enum field arg ret", K_IDENT, NULL },
	{ "feature", "op fixed", K_IDENT, NULL },
	{ "unless", "fixed", K_NONE, NULL },
	{ "convention", "op", K_IDENT, NULL },
	{ "replaced-by", "op", K_IDENT, NULL },
	{ "frozen", "op", K_BOOL, NULL },
	{ "ends-run", "op command", K_IDENT, NULL },
	{ "size-field", "struct", K_IDENT, NULL },
	{ "size-guarded", "struct", K_BOOL, NULL },
	{ "size-error", "struct", K_ERRNAME, NULL },
	{ "count-arg", "arg", K_IDENT, NULL },
	{ "default", "arg", K_NUMBER, NULL },
	{ "pass", "arg", K_CHOICE, "value in out inout" },
	{ "count", "field", K_POSINT, NULL },
	{ "error", "raises", K_ERRNAME, NULL },
	{ "rule", "waiver", K_ERRNAME, NULL },
	{ "target", "waiver", K_TARGET, NULL },
	{ "revision", "waiver moved", K_REVID, NULL },
	{ "since", LIFE_ELEMS, K_REVID, NULL },
	{ "deprecated", LIFE_ELEMS, K_REVID, NULL },
	{ "removed", LIFE_ELEMS, K_REVID, NULL },
	{ "from", "support-window", K_REVID, NULL },
	{ "to", "support-window", K_REVID, NULL },
	{ "value", "error value", K_NUMBER, NULL },
	{ "bit", "feature", K_NUMBER, NULL },
	{ "kind", "convention", K_CHOICE, "call-frame registers hypercall-page cpuid msr" },
	{ "mode", "convention field", K_CHOICE, "any x86_64 x86_32" },
	{ "port", "convention", K_NUMBER, NULL },
	{ "frame", "convention", K_NUMBER, NULL },
	{ "stride", "convention", K_NUMBER, NULL },
	{ "instruction", "convention", K_NONE, NULL },
	{ "op-register", "convention", K_NONE, NULL },
	{ "registers", "convention", K_NONE, NULL },
	{ "return-register", "convention", K_NONE, NULL },
	{ "status", "revision", K_CHOICE, "draft released deprecated retired" },
	{ "date", "revision correction", K_DATE, NULL },
	{ "fingerprint", "revision described", K_FINGERPRINT, NULL },
	{ "generation", "described moved", K_POSINT, NULL },
	{ "from", "moved", K_FINGERPRINT, NULL },
	{ "to", "moved", K_FINGERPRINT, NULL },
	{ "serves", "revision", K_REVLIST, NULL },
	{ "args", "vector call", K_NONE, NULL },
	{ "expect", "vector call", K_NONE, NULL },
	{ "value", "grows monotonic fixed", K_NONE, NULL },
	{ "when", "grows by-caller", K_NONE, NULL },
	{ "spec", "abi-versions", K_NONE, NULL },
	/* format 2 */
	{ "modes", "abi", K_NONE, NULL },
	{ "code", "revision", K_NUMBER, NULL },
	{ "alias-of", "error", K_ERRNAME, NULL },
	{ "c-name", "error value feature struct union field typedef op command", K_CNAME, NULL },
	{ "growth", "struct", K_CHOICE, "tail" },
	{ "max-size", "struct", K_NUMBER, NULL },
	{ "next", "grows", K_NUMBER, NULL },
	{ "at-least", "grows", K_NUMBER, NULL },
	{ "unserved", "grows", K_NONE, NULL },
	{ "handle", "field", K_BOOL, NULL },
	{ "discriminant", "field", K_IDENT, NULL },
	{ "when", "field", K_IDENT, NULL },
	{ "renamed-from", "field", K_IDENT, NULL },
	{ "renamed", "field", K_REVID, NULL },
	{ "replaces-reserved", "field", K_IDENT, NULL },
	{ "commands", "op", K_IDENT, NULL },
	{ "data", "op", K_IDENT, NULL },
	{ "command", "call", K_IDENT, NULL },
	{ "kind", "negotiation", K_CHOICE, "compile-time call" },
	{ "macro", "negotiation", K_CNAME, NULL },
	{ "query-op", "negotiation", K_IDENT, NULL },
	{ "query-command", "negotiation", K_IDENT, NULL },
	{ "submap-bits", "negotiation", K_NUMBER, NULL },
	{ "field", "handle", K_PATH, NULL },
	{ "pass", "command handle", K_CHOICE, "value in out inout" },
	{ "type", "typedef command", K_IDENT, NULL },
	{ "count", "typedef", K_POSINT, NULL },
	{ "name", "union typedef command", K_IDENT, NULL },
	{ "value", "command", K_NUMBER, NULL },
	{ "install", "convention", K_CHOICE, "cpuid-msr elf-note none" },
	{ "signature", "convention", K_SIGNATURE, NULL },
	{ "wide-args", "convention", K_CHOICE, "pair register" },
	{ "cpuid-base", "convention", K_NUMBER, NULL },
	{ "cpuid-step", "convention", K_NUMBER, NULL },
	{ "cpuid-tries", "convention", K_NUMBER, NULL },
	{ "msr-leaf", "convention", K_NUMBER, NULL },
	{ "not-offered", "convention", K_ERRNAME, NULL },
	{ "served-by", "feature", K_CHOICE, "vmm" },
	{ "name", "mode", K_CHOICE, "x86_64 x86_32" },
	{ "registers", "mode", K_NONE, NULL },
	{ "op-register", "mode", K_NONE, NULL },
	{ "return-register", "mode", K_NONE, NULL },
	{ "guests", "op command", K_CHOICES, "pv pvh" },
	/* the registry's platform releases */
	{ "id", "release", K_REVID, NULL },
	{ "code", "release", K_HEX32, NULL },
	{ "extraversion", "release", K_NONE, NULL },
	{ "type", "guest", K_CHOICE, "pv pvh" },
	{ "features0", "guest", K_HEX32, NULL },
};

/* Attributes an element cannot do without. */
static const struct {
	const char *elem, *attrs;
} required[] = {
	{ "abi", "name format" }, { "abi-versions", "abi format" },
	{ "support-window", "from to" }, { "revision", "id" },
	{ "convention", "name kind" }, { "error", "name value since" },
	{ "enum", "name since" }, { "value", "name value" },
	{ "feature", "name bit since" }, { "changes", "op" }, { "struct", "name since" },
	{ "field", "name type" }, { "op", "name id since" }, { "arg", "name type" },
	{ "ret", "type" }, { "raises", "error" }, { "vector", "expect" },
	{ "waiver", "rule revision target" }, { "scenario", "name since" },
	{ "call", "op expect" }, { "page", "bind" }, { "read", "at expect" },
	{ "write", "at value" }, { "clock", "at" },
	{ "wait", "event within-ns" }, { "limit", "name kind value error since" },
	{ "case", "value" }, { "probe-base", "args" }, { "partition", "name arg" }, { "guest-bits", "mask" }, { "ignored-bits", "mask writable" }, { "refused-kind", "by in error" }, { "edge", "at is" },
	{ "span", "base unit top error expect" }, { "addr", "form expect" }, { "one-per", "scope in error" },
	{ "batch", "array done at-failure earlier" }, { "writes", "page entry value values" },
	{ "refuses", "field value error" },
	{ "cap", "count value past" }, { "raise", "op scenario" },
	{ "monotonic", "value clock" }, { "fixed", "value scope" },
	{ "union", "name since" }, { "typedef", "name type since" },
	{ "command", "name value" }, { "negotiation", "kind" }, { "handle", "field pass" },
	{ "mode", "name" }, { "release", "id code" }, { "guest", "type" },
	{ "described", "generation fingerprint" },
	{ "correction", "date" }, { "moved", "revision from to" },
};

static int in_list(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = list; n && (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

const struct pvabi_attr_rule *pvabi_schema_rule(const char *elem, const char *attr)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (!strcmp(rules[i].attr, attr) && (!elem || in_list(rules[i].elems, elem)))
			return &rules[i];
	return NULL;
}

static size_t span(const char *s, const char *set)
{
	return strspn(s, set);
}

#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIGIT "0123456789"
#define HEX DIGIT "abcdefABCDEF"
#define PRINTABLE " !\"#$%&'()*+,-./" DIGIT ":;<=>?@" UPPER "[\\]^_`" LOWER "{|}~"

static int name_ok(const char *v, const char *first, const char *rest)
{
	size_t n = strlen(v);

	return n >= 1 && n <= 64 && strchr(first, v[0]) && span(v + 1, rest) == n - 1;
}

static int revid_ok(const char *v)
{
	size_t a = span(v, DIGIT), b;

	if (a < 1 || a > 5 || v[a] != '.')
		return 0;
	b = span(v + a + 1, DIGIT);
	if (b >= 1 && b <= 5 && v[a + 1 + b] == '.') {
		/* format 2: a third part, with an explicit code */
		size_t c = span(v + a + b + 2, DIGIT);

		return c >= 1 && c <= 5 && v[a + b + 2 + c] == '\0';
	}
	return b >= 1 && b <= 5 && v[a + 1 + b] == '\0';
}

/* A field, or a path of at most 8 fields joined by '.'; with var, "$"
 * and one identifier; with bind, NAME[=FIELD[.FIELD]]. */
static int path_ok(const char *v, size_t max_parts, char sep)
{
	size_t parts = 0, n;

	for (;;) {
		n = span(v, LOWER DIGIT "_");
		if (n < 1 || n > 64 || strchr(DIGIT, v[0]) || ++parts > max_parts)
			return 0;
		v += n;
		if (!*v)
			return 1;
		if (*v++ != sep)
			return 0;
	}
}

static int bind_ok(const char *v)
{
	const char *eq = strchr(v, '=');
	char name[80];

	if (!eq)
		return path_ok(v, 1, '.');
	if ((size_t)(eq - v) >= sizeof(name))
		return 0;
	snprintf(name, sizeof(name), "%.*s", (int)(eq - v), v);
	return path_ok(name, 1, '.') && path_ok(eq + 1, 2, '.');
}

static int number_ok(const char *v)
{
	size_t n;

	v += *v == '-';
	if (v[0] == '0' && v[1] == 'x') {
		n = span(v + 2, HEX);
		return n >= 1 && n <= 16 && v[2 + n] == '\0';
	}
	n = span(v, DIGIT);
	return n >= 1 && n <= 20 && v[n] == '\0';
}

static int choice_ok(const char *v, const char *choices)
{
	return in_list(choices, v);
}

static int date_ok(const char *v)
{
	static const char mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (strlen(v) != 10 || span(v, DIGIT) != 4 || v[4] != '-' || v[7] != '-' ||
	    span(v + 5, DIGIT) != 2 || span(v + 8, DIGIT) != 2 ||
	    sscanf(v, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return 0;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

int pvabi_schema_value_ok(const struct pvabi_attr_rule *r, const char *v)
{
	char copy[512], *tok, *save = NULL;

	switch (r->kind) {
	case K_IDENT: return name_ok(v, LOWER "_", LOWER DIGIT "_");
	case K_ERRNAME: return name_ok(v, UPPER, UPPER DIGIT "_");
	case K_REVID: return revid_ok(v);
	case K_NUMBER: return number_ok(v);
	case K_POSINT: return span(v + (*v == '+'), DIGIT) == strlen(v + (*v == '+')) &&
			      strspn(v + (*v == '+'), "0") < strlen(v + (*v == '+'));
	case K_BOOL: return choice_ok(v, "true false 1 0");
	case K_DATE: return date_ok(v);
	case K_FINGERPRINT: return strlen(v) == 71 && !strncmp(v, "sha256:", 7) &&
				   span(v + 7, DIGIT "abcdef") == 64;
	case K_TARGET: return span(v, LOWER) > 0 && v[span(v, LOWER)] == ':' &&
			      span(v + span(v, LOWER) + 1, LOWER UPPER DIGIT "_.") ==
				      strlen(v + span(v, LOWER) + 1) && v[span(v, LOWER) + 1];
	case K_REVLIST:
		snprintf(copy, sizeof(copy), "%s", v);
		for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save))
			if (!revid_ok(tok))
				return 0;
		return strlen(v) < sizeof(copy) && strspn(v, " \t\n") < strlen(v);
	case K_CHOICE: return choice_ok(v, r->choices);
	case K_CNAME: return name_ok(v, LOWER UPPER "_", LOWER UPPER DIGIT "_");
	case K_SIGNATURE: return *v && strlen(v) <= 12 && span(v, PRINTABLE) == strlen(v);
	case K_PATH: return path_ok(v, 8, '.');
	case K_BIND: return bind_ok(v);
	case K_VAR: return v[0] == '$' && path_ok(v + 1, 1, '.');
	case K_HEX32: return v[0] == '0' && v[1] == 'x' && span(v + 2, DIGIT "abcdef") >= 1 &&
			     span(v + 2, DIGIT "abcdef") <= 8 && !v[2 + span(v + 2, DIGIT "abcdef")];
	case K_CHOICES:
		snprintf(copy, sizeof(copy), "%s", v);
		for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save))
			if (!choice_ok(tok, r->choices))
				return 0;
		return strlen(v) < sizeof(copy) && strspn(v, " \t\n") < strlen(v);
	default: return 1;
	}
}

const char *pvabi_schema_value_what(const struct pvabi_attr_rule *r, char *buf, size_t n)
{
	switch (r->kind) {
	case K_IDENT: return "an identifier: lower-case letters, digits and '_', not starting with a digit, 1 to 64 characters";
	case K_ERRNAME: return "an error or rule name: upper-case letters, digits and '_', starting with a letter, 1 to 64 characters";
	case K_REVID: return "a revision id MAJOR.MINOR (e.g. 2.1), or in format 2 MAJOR.MINOR.PATCH";
	case K_NUMBER: return "a number: decimal (at most 20 digits) or 0x hex (at most 16 digits), optionally negative";
	case K_POSINT: return "a positive decimal integer";
	case K_BOOL: return "true or false";
	case K_DATE: return "a real date YYYY-MM-DD";
	case K_FINGERPRINT: return "sha256: followed by 64 lower-case hex digits";
	case K_TARGET: return "KIND:NAME, e.g. op:write";
	case K_REVLIST: return "a space-separated list of revision ids";
	case K_CHOICE: snprintf(buf, n, "one of: %s", r->choices); return buf;
	case K_CNAME: return "a C identifier: letters, digits and '_', not starting with a digit, 1 to 64 characters";
	case K_SIGNATURE: return "1 to 12 printable ASCII characters";
	case K_PATH: return "a field, or at most 8 fields joined by '.', each an identifier (lower-case letters, digits and '_')";
	case K_BIND: return "NAME, or NAME=FIELD or NAME=FIELD.FIELD, each an identifier (lower-case letters, digits and '_')";
	case K_VAR: return "'$' and the name a step bound (lower-case letters, digits and '_')";
	case K_HEX32: return "0x and 1 to 8 lower-case hex digits";
	case K_CHOICES: snprintf(buf, n, "a space-separated list of: %s", r->choices); return buf;
	default: return "valid";
	}
}

const char *pvabi_schema_required(const char *elem)
{
	size_t i;

	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!strcmp(required[i].elem, elem))
			return required[i].attrs;
	return NULL;
}
