/* Internal to the platform emitter: emit_platform.c writes the header and
 * calls emit_dispatch.c and emit_state.c for the sources; all three use
 * emit_window.c, which calls none of them. */
#ifndef PVABI_EMIT_PLATFORM_H
#define PVABI_EMIT_PLATFORM_H

#include "emit/emit.h"
#include "emit/emit_names.h"

/* The served revisions: spec revision indices, oldest first. */
struct window {
	int rev[PVABI_MAX_SERVES];
	int n;
};

/* The served window from the registry; 0, or -1 (diagnosed). */
int window_build(const struct pvabi_gen *g, struct window *w);
int op_in_window(const struct pvabi_gen *g, const struct window *w,
		 const struct pvabi_op *op);
/* C type of a by-value argument as the handler receives it. */
const char *plain_ctype(const struct pvabi_gen *g, const struct pvabi_type *t,
			char *buf, size_t n);
/* Longest layout member name: a 64-character field name, "f" and '_'s. */
#define LAYOUT_MEMBER_MAX 80
/* The member naming field j in st's layout type, into buf. */
const char *layout_member(const struct pvabi_struct *st, size_t j, char *buf, size_t n);
/* <abi>_dispatch.c: the per-op functions and the switch on the op id. */
int emit_dispatch_c(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		    const struct window *w);
/* <abi>_state.c: window tables, the negotiated-state setter and the
 * struct layout tables header_layouts declares; 0 or -1 (diagnosed). */
int emit_state_c(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		 const struct window *w);

#endif
