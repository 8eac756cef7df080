/* The --engine-cmd template: our own small quoting grammar (see
 * engine_cmd.h) turned into an argument vector for execvp. No shell ever
 * sees a value, so no quoting of values can be wrong. */
#include "conformance/engine_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const key_names[PVABI_CMD_NKEYS] = {
	"image", "log", "release", "platform", "revision", "timeout", "pvabi", "spec", "registry",
	"cmdline",
};

const char *pvabi_engine_cmd_key(enum pvabi_cmd_key k)
{
	return (unsigned int)k < PVABI_CMD_NKEYS ? key_names[k] : "?";
}

/* The words being built: their bytes, NUL-separated, in one buffer. */
struct words {
	char *buf;
	size_t len, cap;
	size_t *start;
	size_t n, ncap;
	int oom;
};

static void put(struct words *w, const char *s, size_t k)
{
	if (w->oom)
		return;
	if (w->len + k + 1 > w->cap) {
		size_t cap = (w->len + k + 1) * 2;
		char *b = realloc(w->buf, cap);

		if (!b) {
			w->oom = 1;
			return;
		}
		w->buf = b;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, k);
	w->len += k;
}

static void word_begin(struct words *w)
{
	if (w->oom)
		return;
	if (w->n + 1 >= w->ncap) {
		size_t cap = w->ncap ? w->ncap * 2 : 16;
		size_t *s = realloc(w->start, cap * sizeof(*s));

		if (!s) {
			w->oom = 1;
			return;
		}
		w->start = s;
		w->ncap = cap;
	}
	w->start[w->n++] = w->len;
}

static void word_end(struct words *w)
{
	put(w, "", 1);
}

/* The placeholder at p, or -1; *len is its length with the braces. */
static int key_at(const char *p, size_t *len)
{
	int k;

	if (*p != '{')
		return -1;
	for (k = 0; k < PVABI_CMD_NKEYS; k++) {
		size_t n = strlen(key_names[k]);

		if (!strncmp(p + 1, key_names[k], n) && p[n + 1] == '}') {
			*len = n + 2;
			return k;
		}
	}
	return -1;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* One character (or escape) at p inside a word, given the quote state;
 * returns how many template bytes it took, 0 on a syntax error. */
static size_t step(struct words *w, const char *p, char *quote)
{
	if (*quote == '\'') {
		if (*p == '\'')
			*quote = 0;
		else
			put(w, p, 1);
		return 1;
	}
	if (*p == '\\') {
		if (!p[1])
			return 0;
		if (*quote == '"' && !strchr("\"\\{", p[1])) {
			put(w, p, 1);
			return 1;
		}
		put(w, p + 1, 1);
		return 2;
	}
	if (*p == '"' || (*p == '\'' && !*quote))
		*quote = *quote ? 0 : *p;
	else
		put(w, p, 1);
	return 1;
}

static int parse(const char *t, const char *const vals[], struct words *w, char *err, size_t n)
{
	const char *p = t, *opened = NULL;
	char quote = 0;
	int in_word = 0;

	while (*p) {
		size_t k;
		int key;

		if (!quote && blank(*p)) {
			if (in_word)
				word_end(w);
			in_word = 0;
			p++;
			continue;
		}
		if (!in_word)
			word_begin(w);
		in_word = 1;
		if ((key = key_at(p, &k)) >= 0) {
			put(w, vals && vals[key] ? vals[key] : "",
			    vals && vals[key] ? strlen(vals[key]) : 0);
			p += k;
			continue;
		}
		if (!quote && (*p == '\'' || *p == '"'))
			opened = p;
		if (!(k = step(w, p, &quote))) {
			snprintf(err, n, "--engine-cmd: a backslash ends the template (byte %zu)",
				 (size_t)(p - t));
			return -EINVAL;
		}
		p += k;
	}
	if (quote) {
		snprintf(err, n, "--engine-cmd: the quote %c at byte %zu is never closed", quote,
			 (size_t)(opened - t));
		return -EINVAL;
	}
	if (in_word)
		word_end(w);
	if (!w->n) {
		snprintf(err, n, "--engine-cmd: the template names no command");
		return -EINVAL;
	}
	return 0;
}

int pvabi_engine_cmd_split(const char *tmpl, const char *const vals[PVABI_CMD_NKEYS],
			   char ***argv, char *err, size_t errlen)
{
	struct words w = { 0 };
	char **v = NULL;
	size_t i;
	int rc = parse(tmpl, vals, &w, err, errlen);

	if (!rc && !w.oom && (v = malloc((w.n + 1) * sizeof(*v) + w.len))) {
		/* One block: the pointers, then the words they point into. */
		char *bytes = (char *)(v + w.n + 1);

		memcpy(bytes, w.buf, w.len);
		for (i = 0; i < w.n; i++)
			v[i] = bytes + w.start[i];
		v[w.n] = NULL;
		rc = (int)w.n;
	} else if (!rc) {
		snprintf(err, errlen, "--engine-cmd: out of memory");
		rc = -ENOMEM;
	}
	free(w.buf);
	free(w.start);
	*argv = v;
	return rc;
}

void pvabi_engine_cmd_free(char **argv)
{
	free(argv);
}

int pvabi_engine_cmd_check(const char *tmpl, char *err, size_t errlen)
{
	char **v;
	int rc = pvabi_engine_cmd_split(tmpl, NULL, &v, err, errlen);

	pvabi_engine_cmd_free(v);
	return rc < 0 ? rc : 0;
}

int pvabi_engine_cmd_exec(char *const argv[])
{
	int e;

	execvp(argv[0], argv);
	e = errno;
	/* A "# run:" line is what the runner keeps as the cell's reason. */
	dprintf(2, "# run: %s: %s\n", argv[0], strerror(e));
	return e == ENOENT || e == ENOTDIR ? 127 : 126;
}

void pvabi_engine_cmd_not_found(const char *tmpl, char *buf, size_t n)
{
	char **v, err[8];

	if (pvabi_engine_cmd_split(tmpl, NULL, &v, err, sizeof(err)) > 0)
		snprintf(buf, n, "%.200s or a command it runs (exit 127)", v[0]);
	else
		snprintf(buf, n, "the engine command (exit 127)");
	pvabi_engine_cmd_free(v);
}
