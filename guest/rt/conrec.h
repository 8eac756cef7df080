/* Result records: how a conformance image reports to pvabi's own cell
 * runner through the memory console (console_mem.h). Formatting TAP text
 * costs a guest thousands of instructions per line, which an emulating
 * KVM charges at about a microsecond each; a record only copies the
 * line's format string and its raw arguments, and the runner renders the
 * TAP line with the guest's own code (tapline.h), byte for byte what the
 * guest would have printed. Text that is not a check (the negotiation
 * record, the summary) travels as it is.
 *
 * The region after the header is a sequence of records, each complete
 * before the header's len covers it. Little-endian, packed:
 *   u16 size (the whole record), u8 type, u8 kind, u32 num, payload
 *   TEXT: size - 8 bytes of console text
 *   LINE: a TAP line of kind (enum pvabi_tapline_kind), check number num;
 *         u16 fmt length, the format, then per conversion that takes an
 *         argument, in order: an integer as u64, a string as u16 length
 *         (0xffff: NULL; 0xfffe: a reference, the u64 address of a
 *         NUL-terminated string in the guest's memory) and its bytes; for
 *         a SKIP, the reason as a string
 *   LINEREF: a LINE whose format is a reference: u64 address instead of
 *         the length and the bytes
 *   PLAN: the plan "1..num", after the last check
 * References point into what the writer declares read-only (the image's
 * code and constants, never written), so the runner reads the same bytes
 * whenever it renders; under an emulating KVM, copying a line's format
 * and names byte by byte was most of a check's cost. The runner reads
 * at most PVABI_CONREC_MAX_FMT bytes of a format and PVABI_CONREC_MAX of a
 * string (a longer one is cut, as a string copied into a record is).
 * Nothing in a record is trusted by the runner (conformance/conrec_read.c):
 * a record that does not parse ends the channel and the run is a harness
 * ERROR. */
#ifndef PVABI_GUEST_CONREC_H
#define PVABI_GUEST_CONREC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "guest/rt/tapline.h"

#define PVABI_CONREC_MAGIC 0x52435650u /* "PVCR" */
#define PVABI_CONREC_HDR 8
#define PVABI_CONREC_MAX 4096      /* one record, header included */
#define PVABI_CONREC_MAX_FMT 1024  /* a longer format is not sent */
#define PVABI_CONREC_NULL 0xffffu  /* a NULL string's length */
#define PVABI_CONREC_REF 0xfffeu   /* a string by reference */
#define PVABI_CONREC_MAX_REGION (1u << 20) /* the runner refuses larger */

enum pvabi_conrec_type {
	PVABI_CONREC_TEXT = 1,
	PVABI_CONREC_LINE,
	PVABI_CONREC_PLAN,
	PVABI_CONREC_LINEREF,
};

/* A writer over the region: data[0 .. *len) is taken, *len rises after
 * each record; flush has the runner take everything and sets *len to 0.
 * Formats and strings in [ro_lo, ro_hi) go by reference (none when the
 * range is empty): only memory nothing writes while the run lasts. */
struct pvabi_conrec_w {
	uint8_t *data;
	uint32_t cap;
	volatile uint32_t *len;
	void (*flush)(void);
	const char *ro_lo, *ro_hi;
};

void pvabi_conrec_text(struct pvabi_conrec_w *w, const char *s, size_t n);
/* One TAP line; its arguments are taken from *ap as fmt says. */
void pvabi_conrec_line(struct pvabi_conrec_w *w, enum pvabi_tapline_kind kind, unsigned int num,
		       const char *fmt, va_list *ap, const char *reason);
void pvabi_conrec_plan(struct pvabi_conrec_w *w, unsigned int num);

#endif
