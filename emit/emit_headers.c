/* Small headers for programs written once for several ABIs: the error
 * list of a revision, and aliases of a revision's items under names the
 * program chooses. Both replace headers that builds used to scrape out of
 * the guest header with shell tools. */
#include "emit/emit.h"
#include "emit/emit_names.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define HAS(life) pvabi_life_has(&(life), g->rev)

/* A C identifier a program may define: not reserved, not a keyword. */
static int plain_ident(const char *s, size_t n)
{
	static const char *const kw[] = {
		"auto", "break", "case", "char", "const", "continue", "default", "do",
		"double", "else", "enum", "extern", "float", "for", "goto", "if", "inline",
		"int", "long", "register", "restrict", "return", "short", "signed", "sizeof",
		"static", "struct", "switch", "typedef", "union", "unsigned", "void",
		"volatile", "while", "bool", "true", "false", "alignas", "alignof",
		"static_assert", "thread_local", "typeof", "nullptr", "constexpr",
	};
	size_t i;

	if (!n || n > 64 || isdigit((unsigned char)s[0]) ||
	    (s[0] == '_' && (s[1] == '_' || isupper((unsigned char)s[1]))))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (strlen(kw[i]) == n && !strncmp(kw[i], s, n))
			return 0;
	return 1;
}

/* "ABI_FILE_H" from "file.h": the include guard. */
static void guard_of(char *buf, size_t n, const char *up, const char *file)
{
	size_t i, k = (size_t)snprintf(buf, n, "%s_", up);

	for (i = 0; file[i] && k + 1 < n; i++, k++)
		buf[k] = isalnum((unsigned char)file[i]) ? (char)toupper((unsigned char)file[i])
							 : '_';
	if (k < n)
		buf[k] = '\0';
}

/* g->file into buf when given and a plain file name; else buf keeps the
 * target's default. */
static int file_name(const struct pvabi_gen *g, char *buf, size_t n)
{
	const char *f = g->file;

	if (!f)
		return 0;
	if (!*f || strchr(f, '/') || !strcmp(f, ".") || !strcmp(f, "..") ||
	    strlen(f) >= n) {
		pvabi_diag_add(g->d, "GEN_ALIAS_INVALID", g->spec->file, 0,
			       "output file '%s' is not a plain file name", f);
		return -1;
	}
	snprintf(buf, n, "%s", f);
	return 0;
}

static int open_header(const struct pvabi_gen *g, const struct emit_names *n,
		       const char *file, const char *what, struct pvabi_emit_file **ef)
{
	char guard[160];
	FILE *f;

	if (!(*ef = emit_open(g, file)))
		return -1;
	f = emit_fp(*ef);
	guard_of(guard, sizeof(guard), n->up, file);
	emit_stamp(f, g, what, g->rev);
	fprintf(f, "#ifndef %s\n#define %s\n\n", guard, guard);
	return 0;
}

static int close_header(struct pvabi_emit_file *ef, int ok)
{
	fputs("\n#endif\n", emit_fp(ef));
	emit_close(ef);
	return emit_finish(&ef, 1, ok);
}

int pvabi_emit_errors(const struct pvabi_gen *g)
{
	const char *sym = g->symbol;
	struct pvabi_emit_file *ef;
	struct emit_names n;
	char file[256], dsym[96], num[48];
	size_t i;
	int rc;

	if (emit_names_init(&n, g->spec))
		return emit_oom(g);
	snprintf(dsym, sizeof(dsym), "%s_errors", n.lo);
	snprintf(file, sizeof(file), "%s_errors.h", n.lo);
	if (!sym)
		sym = dsym;
	if (!plain_ident(sym, strlen(sym))) {
		pvabi_diag_add(g->d, "GEN_ALIAS_INVALID", g->spec->file, 0,
			       "array name '%s' is not a C identifier a program may define", sym);
		rc = -1;
	} else {
		rc = file_name(g, file, sizeof(file));
	}
	if (rc || open_header(g, &n, file, "error list", &ef)) {
		emit_names_free(&n);
		return -1;
	}
	fprintf(emit_fp(ef), "#include <stdint.h>\n\n/* Every error of %s: an op's negative results. */\n"
		"static const int64_t %s[] = {\n", g->spec->revs[g->rev].id, sym);
	for (i = 0; i < g->spec->nerrors; i++)
		if (HAS(g->spec->errors[i].life))
			fprintf(emit_fp(ef), "\t%s, /* %s */\n",
				emit_c_int64(num, sizeof(num), g->spec->errors[i].value),
				n.errors[i].macro);
	fputs("};\n", emit_fp(ef));
	emit_names_free(&n);
	return close_header(ef, 1);
}

/* Kinds an alias can name; idx finds the item in the spec (-1: none). */
static int alias_item(const struct pvabi_gen *g, const char *kind, const char *name,
		      const struct pvabi_life **life)
{
	const struct pvabi_spec *s = g->spec;
	int i = -1;

	if (!strcmp(kind, "op") && (i = pvabi_spec_op(s, name)) >= 0)
		*life = &s->ops[i].life;
	else if (!strcmp(kind, "struct") && (i = pvabi_spec_struct(s, name)) >= 0)
		*life = &s->structs[i].life;
	else if (!strcmp(kind, "enum") && (i = pvabi_spec_enum(s, name)) >= 0)
		*life = &s->enums[i].life;
	else if (!strcmp(kind, "error") && (i = pvabi_spec_error(s, name)) >= 0)
		*life = &s->errors[i].life;
	else if (!strcmp(kind, "feature") && (i = pvabi_spec_feature(s, name)) >= 0)
		*life = &s->features[i].life;
	return i >= 0 && pvabi_life_has(*life, g->rev) ? i : -1;
}

/* One "NEW=KIND:NAME": a #define or, for types, a typedef. */
static int alias_line(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		      const char *a)
{
	const char *eq = strchr(a, '='), *colon = eq ? strchr(eq, ':') : NULL;
	const struct pvabi_life *life;
	char kind[16], name[80];
	int i;

	if (!eq || !colon || !plain_ident(a, (size_t)(eq - a)) ||
	    (size_t)(colon - eq - 1) >= sizeof(kind) || strlen(colon + 1) >= sizeof(name)) {
		pvabi_diag_add(g->d, "GEN_ALIAS_INVALID", g->spec->file, 0,
			       "alias '%s': expected NEW=KIND:NAME with NEW a C identifier", a);
		return -1;
	}
	snprintf(kind, sizeof(kind), "%.*s", (int)(colon - eq - 1), eq + 1);
	snprintf(name, sizeof(name), "%s", colon + 1);
	if ((i = alias_item(g, kind, name, &life)) < 0) {
		pvabi_diag_add(g->d, "GEN_ALIAS_INVALID", g->spec->file, 0,
			       "alias '%s': %s %s is not in revision %s", a, kind, name,
			       g->spec->revs[g->rev].id);
		return -1;
	}
	if (!strcmp(kind, "struct") || !strcmp(kind, "enum"))
		fprintf(f, "typedef %s %.*s;\n", kind[0] == 's' ? n->structs[i].c : n->enums[i].c,
			(int)(eq - a), a);
	else
		fprintf(f, "#define %.*s %s\n", (int)(eq - a), a,
			kind[0] == 'o' ? n->ops[i].macro : kind[0] == 'e' ? n->errors[i].macro
									  : n->features[i].macro);
	return 0;
}

/* A later alias with the same new name would redefine it. */
static int alias_unique(const struct pvabi_gen *g, size_t k)
{
	size_t i, len = strcspn(g->aliases[k], "=");

	for (i = 0; i < k; i++)
		if (strcspn(g->aliases[i], "=") == len && !strncmp(g->aliases[i], g->aliases[k], len)) {
			pvabi_diag_add(g->d, "GEN_ALIAS_INVALID", g->spec->file, 0,
				       "alias '%s': %.*s is already defined", g->aliases[k],
				       (int)len, g->aliases[k]);
			return -1;
		}
	return 0;
}

int pvabi_emit_alias(const struct pvabi_gen *g)
{
	struct pvabi_emit_file *ef;
	struct emit_names n;
	char file[256];
	size_t i;
	int ok = 1;

	if (!g->naliases || !g->file) {
		pvabi_diag_add(g->d, "GEN_ALIAS_INVALID", g->spec->file, 0,
			       "the alias target needs an output file name and at least one alias");
		return -1;
	}
	if (emit_names_init(&n, g->spec))
		return emit_oom(g);
	if (file_name(g, file, sizeof(file)) ||
	    open_header(g, &n, file, "aliases", &ef)) {
		emit_names_free(&n);
		return -1;
	}
	fprintf(emit_fp(ef), "#include \"%s_guest.h\"\n\n", n.lo);
	for (i = 0; i < g->naliases; i++)
		if (alias_unique(g, i) || alias_line(emit_fp(ef), g, &n, g->aliases[i]))
			ok = 0;
	emit_names_free(&n);
	return close_header(ef, ok);
}
