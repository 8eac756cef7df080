/* Names that generated C declares as they are: arguments become
 * parameters of the guest stubs and platform handlers, fields become
 * struct members, the ABI's name prefixes everything. The schema makes
 * them identifiers; this refuses the identifiers generated C cannot use,
 * in any language mode the headers support (C99 to C23, GNU modes, C++). */
#include "abi/load_internal.h"

#include <stdlib.h>
#include <string.h>

/* Sorted for bsearch: C and C++ keywords (C++ alternative tokens
 * included), the lowercase macros GCC predefines in GNU modes, and the
 * standard types and macros generated code names. */
static const char *const reserved[] = {
	"alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool",
	"break", "case", "catch", "char", "char16_t", "char32_t", "char8_t", "class",
	"co_await", "co_return", "co_yield", "compl", "concept", "const", "const_cast",
	"consteval", "constexpr", "constinit", "continue", "decltype", "default",
	"delete", "do", "double", "dynamic_cast", "else", "enum", "explicit", "export",
	"extern", "false", "float", "for", "friend", "goto", "i386", "if", "inline",
	"int", "int16_t", "int32_t", "int64_t", "int8_t", "linux", "long", "mutable",
	"namespace", "new", "noexcept", "not", "not_eq", "nullptr", "offsetof",
	"operator", "or", "or_eq", "private", "protected", "public", "register",
	"reinterpret_cast", "requires", "restrict", "return", "short", "signed",
	"size_t", "sizeof", "static", "static_assert", "static_cast", "struct",
	"switch", "template", "this", "thread_local", "throw", "true", "try", "typedef",
	"typeid", "typename", "typeof", "typeof_unqual", "uint16_t", "uint32_t",
	"uint64_t", "uint8_t", "union", "unix", "unsigned", "using", "virtual", "void",
	"volatile", "wchar_t", "while", "xor", "xor_eq",
};

static int cmp_word(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* Why name cannot be used, or NULL. Arguments also stay out of the
 * generator's own names (pvabi_*, <abi>_*), which the stubs and
 * handlers declare or call beside them. */
static const char *unusable(const char *name, const char *abi, int is_arg)
{
	size_t n = abi ? strlen(abi) : 0;

	if (!strncmp(name, "__", 2) || (name[0] == '_' && !name[1]))
		return "is reserved for the C implementation";
	if (bsearch(name, reserved, sizeof(reserved) / sizeof(reserved[0]),
		    sizeof(reserved[0]), cmp_word))
		return "is a C or C++ keyword, or a name C headers or the compiler define";
	if (is_arg && (!strncmp(name, "pvabi_", 6) ||
		       (n && !strncmp(name, abi, n) && name[n] == '_')))
		return "starts like the generator's own names (pvabi_, or the ABI's name and _)";
	return NULL;
}

void load_check_name(struct loader *L, xmlNode *n, const char *what, const char *name,
		     int is_arg)
{
	const char *why;

	if (!name)
		return;
	if (!strcmp(what, "abi"))
		why = name[0] == '_' ? "starts with _: every generated name would be reserved"
				     : unusable(name, NULL, 0);
	else
		why = unusable(name, L->s->name, is_arg);
	if (why)
		LERR(L, n, "NAME_RESERVED", "%s name '%s' %s", what, name, why);
}
