/* A strict JSON validator (RFC 8259) for the tests, independent of the
 * writer it checks: the text must be exactly one value, strings valid
 * UTF-8 without bare control characters, nesting at most 100 deep. */
#include "tests/jsoncheck.h"
#include "util/utf8.h"

#include <string.h>

struct js {
	const char *s;
	size_t i, n;
	int depth;
};

static int js_value(struct js *j);

static void js_ws(struct js *j)
{
	while (j->i < j->n && strchr(" \t\r\n", j->s[j->i]) && j->s[j->i])
		j->i++;
}

static int js_string(struct js *j)
{
	if (j->s[j->i] != '"')
		return -1;
	for (j->i++; j->i < j->n; j->i++) {
		unsigned char c = (unsigned char)j->s[j->i];

		if (c == '"')
			return j->i++, 0;
		if (c < 0x20) /* bare control characters are not JSON */
			return -1;
		if (c >= 0x80) { /* JSON text is UTF-8 */
			size_t l = pvabi_utf8_len(j->s + j->i, j->n - j->i);

			if (!l)
				return -1;
			j->i += l - 1;
			continue;
		}
		if (c == '\\') {
			c = (unsigned char)j->s[++j->i];
			if (c == 'u') {
				int k;

				for (k = 0; k < 4; k++)
					if (!strchr("0123456789abcdefABCDEF", j->s[++j->i]) || !j->s[j->i])
						return -1;
			} else if (!c || !strchr("\"\\/bfnrt", c)) {
				return -1;
			}
		}
	}
	return -1;
}

static int js_number(struct js *j)
{
	size_t st;

	if (j->s[j->i] == '-')
		j->i++;
	st = j->i;
	while (j->s[j->i] >= '0' && j->s[j->i] <= '9')
		j->i++;
	if (j->i == st || (j->s[st] == '0' && j->i - st > 1))
		return -1;
	if (j->s[j->i] == '.') {
		st = ++j->i;
		while (j->s[j->i] >= '0' && j->s[j->i] <= '9')
			j->i++;
		if (j->i == st)
			return -1;
	}
	return 0;
}

static int js_seq(struct js *j, char close, int obj)
{
	j->i++;
	js_ws(j);
	if (j->s[j->i] == close)
		return j->i++, 0;
	for (;;) {
		js_ws(j);
		if (obj) {
			if (js_string(j))
				return -1;
			js_ws(j);
			if (j->s[j->i++] != ':')
				return -1;
			js_ws(j);
		}
		if (js_value(j))
			return -1;
		js_ws(j);
		if (j->s[j->i] == close)
			return j->i++, 0;
		if (j->s[j->i++] != ',')
			return -1;
	}
}

static int js_value(struct js *j)
{
	const char *w[] = { "true", "false", "null" };
	int k, rc;

	if (++j->depth > 100)
		return -1;
	switch (j->s[j->i]) {
	case '{':
	case '[':
		rc = js_seq(j, j->s[j->i] == '{' ? '}' : ']', j->s[j->i] == '{');
		j->depth--;
		return rc;
	}
	j->depth--;
	if (j->s[j->i] == '"')
		return js_string(j);
	for (k = 0; k < 3; k++)
		if (!strncmp(j->s + j->i, w[k], strlen(w[k])))
			return j->i += strlen(w[k]), 0;
	return js_number(j);
}

int fx_json_valid(const char *s, size_t n)
{
	struct js j = { s, 0, n, 0 };

	js_ws(&j);
	if (js_value(&j))
		return 0;
	js_ws(&j);
	return j.i == n;
}

