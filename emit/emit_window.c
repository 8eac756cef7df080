/* What the platform emitters share: the support window, how by-value
 * arguments and layout members are spelt. Called by the header, dispatch
 * and state emitters; calls none of them. */
#include "emit/emit_platform.h"

#include <string.h>

int window_build(const struct pvabi_gen *g, struct window *w)
{
	const struct pvabi_registry *r = g->reg;
	int from = pvabi_registry_find(r, r->window_from);
	int to = pvabi_registry_find(r, r->window_to), i;

	w->n = 0;
	if (from < 0 || to < from) {
		pvabi_diag_add(g->d, "WINDOW_INVALID", r->file, r->window_loc.line,
			       "support window %s..%s is not a registered range",
			       r->window_from, r->window_to);
		return -1;
	}
	for (i = from; i <= to && w->n < PVABI_MAX_SERVES; i++) {
		int si = pvabi_spec_rev(g->spec, r->revs[i].id);

		if (r->revs[i].status == PVABI_STATUS_RETIRED || si < 0)
			continue; /* a hole: not served */
		w->rev[w->n++] = si;
	}
	return w->n ? 0 : -1;
}

int op_in_window(const struct pvabi_gen *g, const struct window *w,
		 const struct pvabi_op *op)
{
	int k;

	(void)g;
	for (k = 0; k < w->n; k++)
		if (pvabi_life_has(&op->life, w->rev[k]))
			return 1;
	return 0;
}

const char *plain_ctype(const struct pvabi_gen *g, const struct pvabi_type *t,
			char *buf, size_t n)
{
	(void)g;
	snprintf(buf, n, "%sint%u_t", pvabi_prim_signed(t->prim) ? "" : "u",
		 pvabi_prim_size(t->prim) * 8);
	return buf;
}

/* Words a layout member cannot be named: C keywords (C11 to C23 and the
 * GNU spellings), lowercase macros GCC predefines in its gnu modes, and
 * the table's own size member. Names starting with "__" belong to the
 * implementation and are treated alike. */
static const char *const reserved_words[] = {
	"alignas", "alignof", "asm", "auto", "bool", "break", "bytes", "case", "char",
	"const", "constexpr", "continue", "default", "do", "double", "else", "enum",
	"extern", "false", "float", "for", "goto", "i386", "if", "inline", "int",
	"linux", "long", "nullptr", "register", "restrict", "return", "short",
	"signed", "sizeof", "static", "static_assert", "struct", "switch",
	"thread_local", "true", "typedef", "typeof", "typeof_unqual", "union", "unix",
	"unsigned", "void", "volatile", "while",
};

static int reserved_word(const char *s)
{
	size_t i;

	if (!strncmp(s, "__", 2))
		return 1;
	for (i = 0; i < sizeof(reserved_words) / sizeof(reserved_words[0]); i++)
		if (!strcmp(s, reserved_words[i]))
			return 1;
	return 0;
}

/* The member of the layout type for field j of st: its spec name, or for
 * a reserved name that name with '_' appended ("f" prepended first for a
 * "__" name) until it is neither reserved nor another field's name nor
 * an earlier field's member. Only reserved names ever change, so the
 * members of ordinary fields are their spec names. */
const char *layout_member(const struct pvabi_struct *st, size_t j, char *buf, size_t n)
{
	const char *name = st->fields[j].name;
	char other[LAYOUT_MEMBER_MAX];
	size_t i, len;
	int clash = 1;

	if (!reserved_word(name)) {
		snprintf(buf, n, "%s", name);
		return buf;
	}
	snprintf(buf, n, "%s%s", strncmp(name, "__", 2) ? "" : "f", name);
	while (clash) {
		clash = reserved_word(buf);
		for (i = 0; !clash && i < st->nfields; i++)
			clash = i != j && (!strcmp(st->fields[i].name, buf) ||
					   (i < j && !strcmp(layout_member(st, i, other,
									   sizeof(other)), buf)));
		len = strlen(buf);
		if (clash && len + 1 < n) {
			buf[len] = '_';
			buf[len + 1] = '\0';
		} else if (clash) {
			break; /* names are at most 64 characters: not reached */
		}
	}
	return buf;
}

