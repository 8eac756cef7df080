/* A small formatter for freestanding guests: %s %c %d %i %u %x %X %p and
 * the l/ll/z length modifiers, width and zero padding. Writes through a
 * sink so the same code runs in the guest (serial console) and in host
 * unit tests (a buffer). */
#ifndef PVABI_GUEST_FMT_H
#define PVABI_GUEST_FMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*pvabi_sink_fn)(void *ctx, const char *s, size_t n);

/* Widths above this are taken as this. */
#define PVABI_FMT_MAX_WIDTH 9999

/* One conversion's argument: an integer (a signed one sign-extended to 64
 * bits) or a NUL-terminated string (NULL prints "(null)"). */
struct pvabi_fmt_arg {
	uint64_t v;
	const char *s;
};
enum { PVABI_FMT_ARG_NONE, PVABI_FMT_ARG_INT, PVABI_FMT_ARG_STR };

/* Where a format's arguments come from, in order: a va_list in the
 * guest, a result record on the host (guest/rt/conrec.h). Called only for
 * conversions that take one; lng counts the l and z modifiers. */
typedef void (*pvabi_fmt_src_fn)(void *sctx, char conv, int lng, struct pvabi_fmt_arg *a);
size_t pvabi_fmt_from(pvabi_sink_fn sink, void *ctx, const char *fmt, pvabi_fmt_src_fn src,
		      void *sctx);
/* The conversion after a '%' at f: its letter (NUL where the format ends
 * inside it) and length modifiers; returns the format past it. */
const char *pvabi_fmt_conv(const char *f, char *conv, int *lng);
/* Which argument conversion conv takes (PVABI_FMT_ARG_*). */
int pvabi_fmt_takes(char conv);
/* The argument of conversion conv, taken from *ap. */
void pvabi_fmt_va_arg(va_list *ap, char conv, int lng, struct pvabi_fmt_arg *a);

size_t pvabi_vfmt(pvabi_sink_fn sink, void *ctx, const char *fmt, va_list ap);
size_t pvabi_fmt(pvabi_sink_fn sink, void *ctx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Into buf (always NUL-terminated when len > 0); returns the length the
 * full output would have had. */
size_t pvabi_snfmt(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
