/* A guest whose result records go bad, for the runner's tests: under
 * `pvabi run` (the pvp platform's call frame and doorbell) it reports one
 * passing check through the memory console, spoils the channel as bad=
 * says and exits PASS, which the runner must turn into a harness ERROR:
 *   size0   a record of size 0 (a reader that loops on it hangs)
 *   plan    a plan of 1 after 2 checks
 *   len     a header length past its capacity
 *   magic   the header's magic overwritten
 *   ref     a check whose format's address lies past guest memory */
#include "guest/rt/cmdline.h"
#include "guest/rt/console_mem.h"
#include "guest/rt/runtime.h"
#include "guest/rt/tap.h"
#include "guest/rt/transport.h"

#define PVP_FRAME 0x7000
#define PVP_DOORBELL 0x2f8

static void console_text(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	pvabi_console_write(s, n);
}

enum pvabi_status pvabi_guest_run(const char *cmdline)
{
	struct pvabi_console_mem *h;
	struct pvabi_conrec_w *w;
	struct pvabi_tap t;
	char bad[8] = "";

	pvabi_transport_init(&pvabi_transport, PVP_FRAME, PVP_DOORBELL);
	if (!(w = pvabi_console_mem_start(cmdline)))
		return PVABI_ERROR;
	/* the header sits right before its records (console_mem.c) */
	h = (struct pvabi_console_mem *)(void *)(w->data - sizeof(*h));
	pvabi_cmdline_get(cmdline, "bad", bad, sizeof(bad));
	pvabi_tap_begin(&t, console_text, 0);
	pvabi_tap_records(&t, w);
	pvabi_tap_check(&t, 1, "a check before the records go bad");
	if (!strncmp(bad, "size0", 6)) {
		memset(w->data + *w->len, 0, 8);
		*w->len += 8;
	} else if (!strncmp(bad, "ref", 4)) {
		/* LINEREF (conrec.h): size 16, check 2, the format at 1 TiB */
		static const uint8_t rec[16] = { 16, 0, PVABI_CONREC_LINEREF, PVABI_TAPLINE_OK, 2, 0,
						 0, 0, 0, 0, 0, 0, 0, 1, 0, 0 };

		memcpy(w->data + *w->len, rec, sizeof(rec));
		*w->len += sizeof(rec);
	} else if (!strncmp(bad, "plan", 5)) {
		pvabi_tap_check(&t, 1, "a second check");
		t.n = 1;
	}
	pvabi_tap_end(&t);
	/* the header, after the last record: the exit's drain call reads it */
	if (!strncmp(bad, "len", 4))
		h->len = h->cap + 1;
	else if (!strncmp(bad, "magic", 6))
		h->magic = 0x4d435650u;
	return PVABI_PASS;
}
