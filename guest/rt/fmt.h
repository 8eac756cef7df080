/* A small formatter for freestanding guests: %s %c %d %i %u %x %X %p and
 * the l/ll/z length modifiers, width and zero padding. Writes through a
 * sink so the same code runs in the guest (serial console) and in host
 * unit tests (a buffer). */
#ifndef PVABI_GUEST_FMT_H
#define PVABI_GUEST_FMT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*pvabi_sink_fn)(void *ctx, const char *s, size_t n);

size_t pvabi_vfmt(pvabi_sink_fn sink, void *ctx, const char *fmt, va_list ap);
size_t pvabi_fmt(pvabi_sink_fn sink, void *ctx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Into buf (always NUL-terminated when len > 0); returns the length the
 * full output would have had. */
size_t pvabi_snfmt(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
