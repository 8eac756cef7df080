/* The runner's side of result records (guest/rt/conrec.h): renders them
 * as the TAP text the guest would have printed. The records come from a
 * guest under test: every length is checked against the bytes there
 * are, and the lines must add up (checks numbered 1, 2, 3..., none after
 * the plan, the plan their count), or the reader refuses them. */
#ifndef PVABI_CONREC_READ_H
#define PVABI_CONREC_READ_H

#include <stddef.h>
#include <stdint.h>

#include "guest/rt/conrec.h"

/* Copies the NUL-terminated string at addr in the guest's memory into
 * dst (max + 1 bytes), cut after max bytes; its length, or -1 when addr
 * lies outside that memory. */
typedef long (*pvabi_conrec_fetch_fn)(const void *ctx, uint64_t addr, char *dst, size_t max);

struct pvabi_conrec_reader {
	unsigned int checks; /* check lines rendered */
	int planned;         /* the plan was read */
	/* where references lead; NULL refuses them */
	pvabi_conrec_fetch_fn fetch;
	const void *fetch_ctx;
	/* one record decoded: its format, arguments and their strings */
	char fmt[PVABI_CONREC_MAX_FMT + 2];
	struct pvabi_fmt_arg args[PVABI_CONREC_MAX_FMT / 2 + 1];
	size_t nargs, next;
	char strs[PVABI_CONREC_MAX * 4];
	size_t used;
};

void pvabi_conrec_reader_init(struct pvabi_conrec_reader *rd);
/* How much of buf[0 .. k), read from total bytes of records, ends on a
 * record's end (all of it when k is all there is, or when no record
 * ends inside: render then says what is wrong). */
size_t pvabi_conrec_whole(const uint8_t *buf, size_t k, size_t total);
/* Renders the records that tile buf[0 .. n) to sink: 0, or -1 with why
 * naming the record's offset (base + its place in buf) and its fault;
 * nothing of a refused record is rendered. */
int pvabi_conrec_render(struct pvabi_conrec_reader *rd, const uint8_t *buf, size_t n, size_t base,
			pvabi_sink_fn sink, void *ctx, char *why, size_t whylen);

#endif
