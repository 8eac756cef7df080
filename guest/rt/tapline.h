/* One TAP line as the guest's TAP writer (tap.c) prints it, from any
 * argument source: the guest formats its own lines this way over COM1,
 * and the host renders the guest's result records (conrec.h) with the
 * same code, so both give the same bytes. */
#ifndef PVABI_GUEST_TAPLINE_H
#define PVABI_GUEST_TAPLINE_H

#include "guest/rt/fmt.h"

enum pvabi_tapline_kind {
	PVABI_TAPLINE_OK, PVABI_TAPLINE_NOT_OK, PVABI_TAPLINE_SKIP, PVABI_TAPLINE_DIAG,
	PVABI_TAPLINE_KINDS
};

/* "ok N - desc", "not ok N - desc", "ok N - desc # SKIP reason" or
 * "# desc", with the newline; desc is fmt over src. '#' and '\' in desc
 * and reason are escaped and newlines become blanks, so a description
 * can never forge a directive or a line. */
void pvabi_tapline(pvabi_sink_fn sink, void *ctx, enum pvabi_tapline_kind kind, unsigned int n,
		   const char *fmt, pvabi_fmt_src_fn src, void *sctx, const char *reason);

#endif
