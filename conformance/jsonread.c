/* The JSON reader of negotiation records (conformance/jsonread.h): a
 * strict recursive-descent check of one object, bounded in depth, and
 * the raw text of one top-level member. */
#include "conformance/jsonread.h"

#include <string.h>

struct jp {
	const char *s;
	size_t n, i;
	int depth;
};

static void ws(struct jp *j)
{
	while (j->i < j->n && strchr(" \t\r\n", j->s[j->i]) && j->s[j->i])
		j->i++;
}

static int lit(struct jp *j, const char *w)
{
	size_t k = strlen(w);

	if (j->n - j->i < k || memcmp(j->s + j->i, w, k))
		return -1;
	j->i += k;
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int digits(struct jp *j)
{
	size_t start = j->i;

	while (j->i < j->n && is_digit(j->s[j->i]))
		j->i++;
	return j->i > start ? 0 : -1;
}

static int number(struct jp *j)
{
	if (j->i < j->n && j->s[j->i] == '-')
		j->i++;
	if (j->i < j->n && j->s[j->i] == '0')
		j->i++;
	else if (digits(j))
		return -1;
	if (j->i < j->n && j->s[j->i] == '.' && (j->i++, digits(j)))
		return -1;
	if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
		j->i++;
		if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
			j->i++;
		return digits(j);
	}
	return 0;
}

static int hex4(struct jp *j)
{
	int k;

	for (k = 0; k < 4; k++, j->i++)
		if (j->i >= j->n || !strchr("0123456789abcdefABCDEF", j->s[j->i]) || !j->s[j->i])
			return -1;
	return 0;
}

/* A string; *esc is set when it holds an escape. */
static int string(struct jp *j, int *esc)
{
	*esc = 0;
	if (j->i >= j->n || j->s[j->i] != '"')
		return -1;
	for (j->i++; j->i < j->n; j->i++) {
		unsigned char c = (unsigned char)j->s[j->i];

		if (c == '"') {
			j->i++;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c != '\\')
			continue;
		*esc = 1;
		if (++j->i >= j->n)
			return -1;
		if (j->s[j->i] == 'u') {
			j->i++;
			if (hex4(j))
				return -1;
			j->i--;
		} else if (!strchr("\"\\/bfnrt", j->s[j->i]) || !j->s[j->i]) {
			return -1;
		}
	}
	return -1;
}

static int value(struct jp *j);

static int array(struct jp *j)
{
	j->i++;
	ws(j);
	if (j->i < j->n && j->s[j->i] == ']')
		return j->i++, 0;
	for (;;) {
		if (value(j))
			return -1;
		ws(j);
		if (j->i < j->n && j->s[j->i] == ']')
			return j->i++, 0;
		if (j->i >= j->n || j->s[j->i++] != ',')
			return -1;
		ws(j);
	}
}

/* An object; at depth 1 the member named key has its raw value span
 * stored in vs and vl (vesc: the string held an escape). */
struct member {
	const char *key;
	size_t vs, vl;
	int found, vesc;
};

static int is_key(const struct jp *j, const struct member *m, size_t ks, int esc)
{
	size_t kl = j->i - 1 - ks;

	return m && !esc && !m->found && kl == strlen(m->key) && !memcmp(j->s + ks, m->key, kl);
}

static int member_value(struct jp *j, struct member *m, int hit)
{
	if (!hit)
		return value(j);
	m->vs = j->i;
	if (j->i < j->n && j->s[j->i] == '"' ? string(j, &m->vesc) : value(j))
		return -1;
	m->vl = j->i - m->vs;
	m->found = 1;
	return 0;
}

static int object(struct jp *j, struct member *m)
{
	size_t ks;
	int esc, hit;

	j->i++;
	ws(j);
	if (j->i < j->n && j->s[j->i] == '}')
		return j->i++, 0;
	for (;;) {
		ks = j->i + 1;
		if (string(j, &esc))
			return -1;
		hit = is_key(j, m, ks, esc);
		ws(j);
		if (j->i >= j->n || j->s[j->i++] != ':')
			return -1;
		ws(j);
		if (member_value(j, m, hit))
			return -1;
		ws(j);
		if (j->i < j->n && j->s[j->i] == '}')
			return j->i++, 0;
		if (j->i >= j->n || j->s[j->i++] != ',')
			return -1;
		ws(j);
	}
}

static int value(struct jp *j)
{
	int esc, rc;

	if (j->i >= j->n || ++j->depth > 64)
		return -1;
	switch (j->s[j->i]) {
	case '{': rc = object(j, NULL); break;
	case '[': rc = array(j); break;
	case '"': rc = string(j, &esc); break;
	case 't': rc = lit(j, "true"); break;
	case 'f': rc = lit(j, "false"); break;
	case 'n': rc = lit(j, "null"); break;
	default: rc = number(j);
	}
	j->depth--;
	return rc;
}

int pvabi_json_object_get(const char *s, size_t n, const char *key, char *out, size_t cap)
{
	struct jp j = { s, n, 0, 1 };
	struct member m = { key, 0, 0, 0, 0 };

	ws(&j);
	if (j.i >= n || s[j.i] != '{' || object(&j, key ? &m : NULL))
		return -1;
	ws(&j);
	if (j.i != n)
		return -1;
	if (!m.found || !out || !cap)
		return m.found;
	if (s[m.vs] == '"') {
		if (m.vesc)
			return 0;
		m.vs++;
		m.vl -= 2;
	}
	if (m.vl >= cap)
		m.vl = cap - 1;
	memcpy(out, s + m.vs, m.vl);
	out[m.vl] = '\0';
	return 1;
}
