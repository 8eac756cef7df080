/* What the result-record tests share (test_conrec*.c, test_conmem.c):
 * the rendered text, the region the writer fills and its reader, and the
 * builders of hand-made records. */
#ifndef PVABI_CONREC_TESTS_H
#define PVABI_CONREC_TESTS_H

#include "conformance/conrec_read.h"
#include "guest/rt/tap.h"
#include "tests/harness.h"

#include <stddef.h>
#include <stdint.h>

struct ct_text {
	char b[65536];
	size_t n;
};

/* Appends to the struct ct_text at ctx, as far as it holds. */
void ct_text_sink(void *ctx, const char *s, size_t n);

/* The region the writer fills; ct_flush renders it into ct_rendered, as
 * the runner does at the drain call. */
extern uint8_t ct_region[40000];
extern uint32_t ct_region_len;
extern struct pvabi_conrec_reader ct_rd;
extern struct ct_text ct_rendered;
extern int ct_render_rc;
extern char ct_render_why[256];
extern struct pvabi_conrec_w ct_writer;
void ct_flush(void);
/* Console text in record mode: TEXT records, in order with the lines. */
void ct_rec_text_sink(void *ctx, const char *s, size_t n);
/* A fresh reader, an empty region of cap bytes, nothing rendered. */
void ct_setup(uint32_t cap);

/* A hand-made record stream, little-endian like the guests. */
struct ct_rec {
	uint8_t b[PVABI_CONREC_MAX * 2];
	size_t n;
};

void ct_put(struct ct_rec *r, const void *p, size_t n);
void ct_put16(struct ct_rec *r, uint32_t v);
void ct_put64(struct ct_rec *r, uint64_t v);
/* A record header of type, kind and num at r's end; where it starts. */
size_t ct_head(struct ct_rec *r, int type, int kind, uint32_t num);
/* Writes the size of the record that starts at `at`. */
void ct_seal(struct ct_rec *r, size_t at);
/* A good check, then bad right after it: refused with why containing
 * want, nothing of bad rendered. */
void ct_refused_next(const struct ct_rec *bad, const char *want);

extern const struct pvabi_test_case conrec_hostile_cases[];
extern const struct pvabi_test_case conrec_ref_cases[];
extern const struct pvabi_test_case conmem_cases[];
int ct_conmem_init(void);
int ct_conmem_fini(void);

#endif
