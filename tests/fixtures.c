#include "tests/fixtures.h"
#include "util/file.h"

/* Fixtures are small; a bigger file is a mistake, not data. */
#define FX_READ_MAX (64u << 20)

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

char *fx_read(const char *path, size_t *len)
{
	struct pvabi_file_buf b;

	if (pvabi_file_read(path, FX_READ_MAX, 0, &b, NULL, 0))
		return NULL;
	if (len)
		*len = b.len;
	return b.data;
}

int fx_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int fx_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

struct list {
	char **v;
	size_t n, cap;
};

static void list_add(struct list *l, const char *s)
{
	char **v;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		v = realloc(l->v, l->cap * sizeof(*v));
		if (!v) {
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
		l->v = v;
	}
	l->v[l->n] = strdup(s);
	if (!l->v[l->n]) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	l->n++;
}

static void walk(const char *root, const char *rel, const char *marker,
		 const char *skip, struct list *out)
{
	char dir[4096], path[4096], sub[4096];
	struct dirent *e;
	DIR *d;

	if (snprintf(dir, sizeof(dir), "%s/%s", root, rel) >= (int)sizeof(dir) ||
	    snprintf(path, sizeof(path), "%s/%s", dir, marker) >= (int)sizeof(path))
		return;
	if (fx_is_file(path))
		list_add(out, rel);
	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || (skip && !strcmp(e->d_name, skip)))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path) ||
		    !fx_is_dir(path))
			continue;
		if (snprintf(sub, sizeof(sub), "%s%s%s", strcmp(rel, ".") ? rel : "",
			     strcmp(rel, ".") ? "/" : "", e->d_name) >= (int)sizeof(sub))
			continue;
		walk(root, sub, marker, skip, out);
	}
	closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t fx_find_cases(const char *root, const char *marker, const char *skip,
		     char ***out)
{
	struct list l = { NULL, 0, 0 };

	walk(root, ".", marker, skip, &l);
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), cmp_str);
	*out = l.v;
	return l.n;
}

void fx_free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static const char *const severities[] = {
	"breaking", "waived", "warning", "compatible", NULL,
};

int fx_parse_expect(const char *path, const char *primary,
		    struct fx_expect **out, char *err, size_t errlen)
{
	char *text = fx_read(path, NULL), *line, *save = NULL;
	struct fx_expect *v = NULL, *nv;
	int n = 0, lineno = 0;

	*out = NULL;
	if (!text) {
		snprintf(err, errlen, "cannot read %s", path);
		return -1;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char rule[64] = "", loc[128] = "", sev[32] = "breaking", extra[8] = "";
		char *hash = strchr(line, '#'), *colon;
		struct fx_expect *e;
		int k, i;

		lineno++;
		if (hash)
			*hash = '\0';
		k = sscanf(line, "%63s %127s %31s %7s", rule, loc, sev, extra);
		if (k <= 0)
			continue;
		for (i = 0; severities[i] && strcmp(severities[i], sev); i++)
			;
		if (k < 2 || k > 3 || !severities[i]) {
			snprintf(err, errlen, "%s: line %d: want RULE [FILE:]LINE [SEVERITY]",
				 path, lineno);
			free(text);
			free(v);
			return -1;
		}
		nv = realloc(v, (size_t)(n + 1) * sizeof(*v));
		if (!nv) {
			free(text);
			free(v);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		v = nv;
		e = &v[n++];
		memset(e, 0, sizeof(*e));
		snprintf(e->rule, sizeof(e->rule), "%s", rule);
		snprintf(e->sev, sizeof(e->sev), "%s", sev);
		colon = strrchr(loc, ':');
		if (colon) {
			*colon = '\0';
			snprintf(e->file, sizeof(e->file), "%s", loc);
			e->line = atoi(colon + 1);
		} else {
			snprintf(e->file, sizeof(e->file), "%s", primary);
			e->line = atoi(loc);
		}
	}
	free(text);
	*out = v;
	return n;
}

void fx_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	CU_assertImplementation(CU_FALSE, (unsigned int)line, msg, file, "", CU_FALSE);
}

const char *fx_current_test(void)
{
	CU_pTest t = CU_get_current_test();

	return t && t->pName ? t->pName : "?";
}

int fx_run(const char *cmd, char *out, size_t cap, size_t *len)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0, got;
	char sink[4096];
	int st;

	if (!p)
		return -1;
	while ((got = fread(out ? out + n : sink, 1,
			    out ? cap - 1 - n : sizeof(sink), p)) > 0) {
		if (out)
			n += got;
		if (out && n == cap - 1) {
			while (fread(sink, 1, sizeof(sink), p) > 0)
				;
			break;
		}
	}
	if (out)
		out[n] = '\0';
	if (len)
		*len = n;
	st = pclose(p);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int looks_like_rule(const char *s, size_t n)
{
	size_t i;
	int under = 0;

	if (n < 3 || !isupper((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '_')
			under = 1;
		else if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]))
			return 0;
	}
	return under;
}

static size_t add_unique(char ***list, size_t n, const char *s, size_t len)
{
	char **v;
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen((*list)[i]) == len && !strncmp((*list)[i], s, len))
			return n;
	v = realloc(*list, (n + 2) * sizeof(*v));
	if (!v)
		return n;
	*list = v;
	v[n] = strndup(s, len);
	v[n + 1] = NULL;
	return v[n] ? n + 1 : n;
}

/* Offsets of every string literal of src (outside comments and character
 * constants), as [start, end) pairs of the text between the quotes. */
static size_t literals(const char *src, size_t **spans)
{
	size_t n = 0, cap = 0, i = 0, len = strlen(src), s;
	size_t *v = NULL, *nv;

	while (i < len) {
		if (src[i] == '/' && src[i + 1] == '*') {
			const char *e = strstr(src + i + 2, "*/");

			i = e ? (size_t)(e - src) + 2 : len;
		} else if (src[i] == '/' && src[i + 1] == '/') {
			while (i < len && src[i] != '\n')
				i++;
		} else if (src[i] == '\'') {
			for (i++; i < len && src[i] != '\''; i++)
				if (src[i] == '\\')
					i++;
			i++;
		} else if (src[i] == '"') {
			for (s = ++i; i < len && src[i] != '"'; i++)
				if (src[i] == '\\')
					i++;
			if (n + 2 > cap) {
				cap = cap ? cap * 2 : 256;
				nv = realloc(v, cap * sizeof(*v));
				if (!nv)
					break;
				v = nv;
			}
			v[n++] = s;
			v[n++] = i < len ? i : len;
			i++;
		} else {
			i++;
		}
	}
	*spans = v;
	return n / 2;
}

size_t fx_rule_literals(const char *src, const char *const *only_after,
			char ***list, size_t n)
{
	size_t *sp = NULL, ns = literals(src, &sp), i, j;

	if (!*list) {
		*list = calloc(1, sizeof(**list));
		if (!*list) {
			free(sp);
			return 0;
		}
	}
	if (!only_after) {
		for (i = 0; i < ns; i++)
			if (looks_like_rule(src + sp[2 * i], sp[2 * i + 1] - sp[2 * i]))
				n = add_unique(list, n, src + sp[2 * i], sp[2 * i + 1] - sp[2 * i]);
		free(sp);
		return n;
	}
	for (j = 0; only_after[j]; j++) {
		const char *p = src;
		size_t call = strlen(only_after[j]);

		while ((p = strstr(p, only_after[j]))) {
			size_t at = (size_t)(p - src);

			p += call;
			if (*p != '(')
				continue;
			for (i = 0; i < ns && sp[2 * i] <= at; i++)
				;
			/* the rule argument: a literal, or a choice of literals
			 * ("c ? "A_B" : "C_D""), before any message format */
			for (; i < ns && looks_like_rule(src + sp[2 * i], sp[2 * i + 1] - sp[2 * i]); i++)
				n = add_unique(list, n, src + sp[2 * i], sp[2 * i + 1] - sp[2 * i]);
		}
	}
	free(sp);
	return n;
}
