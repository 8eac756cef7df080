/* What the tests against a system's own headers share (test-kvm-headers,
 * test-xen-headers): a scratch directory, the crosscheck header of one
 * revision generated into it, the source that includes the system's
 * headers before it, a syntax-only compile per guest mode, and the
 * number of assertions generated. */
#ifndef PVABI_EMIT_TESTS_XCHECK_H
#define PVABI_EMIT_TESTS_XCHECK_H

#include <stddef.h>

#include "abi/model.h"

struct xc {
	char dir[64];
	const char *spec_name; /* as the generator is told: "spec/kvm.xml" */
	const char *header;    /* the header it writes: "kvm_crosscheck.h" */
};

/* The spec x->spec_name of the source tree, with the first `from`
 * replaced by `to` when from is not NULL: NULL (said why) when from is
 * not in it or the spec does not load. */
struct pvabi_spec *xc_load(const struct xc *x, const char *from, const char *to);
/* A new scratch directory /tmp/pvabi-TAG-XXXXXX: 0 or -1. */
int xc_begin(struct xc *x, const char *tag);
/* Removes it: 0 or -1. */
int xc_end(const struct xc *x);
/* main.c: the includes given (whole lines), then the generated header. */
int xc_write_main(const struct xc *x, const char *includes);
/* The crosscheck header of revision rev; diagnostics printed. 0 or not. */
int xc_gen(const struct xc *x, const struct pvabi_spec *s, int rev);
/* gcc -fsyntax-only of main.c in mode m with flags and -I dir; 0 when
 * every assertion holds. out receives the compiler's messages. */
int xc_compile(const struct xc *x, enum pvabi_mode m, const char *flags, char *out,
	       size_t cap);
/* The assertions in the last generated header. */
size_t xc_assertions(const struct xc *x);

#endif
