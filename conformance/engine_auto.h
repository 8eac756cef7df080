/* The `auto` engine: the fastest engine that works on this host, found by
 * a short calibration run on every engine whose probe succeeds. Which is
 * fastest depends on the host in ways no probe shows (on a nested,
 * software KVM the own VMM wins on boot while QEMU's TCG can beat KVM on
 * guest work), so it is measured, not guessed. docs/engines.md has the
 * rule and the figures behind it. */
#ifndef PVABI_ENGINE_AUTO_H
#define PVABI_ENGINE_AUTO_H

#include <stddef.h>

#include "conformance/engine.h"

/* The calibration workload, shaped like a small conformance cell: boot,
 * this many platform calls through the call frame each followed by a TAP
 * line on the console, exit. Guest work matters as much as boot: on a
 * software KVM the own VMM boots 10x faster than QEMU but runs guest code
 * 3-5x slower than TCG (docs/engines.md). */
#define PVABI_AUTO_CALLS 50
#define PVABI_AUTO_RUNS 3
#define PVABI_AUTO_IMAGE "calls.elf"

struct pvabi_engine_timing {
	const struct pvabi_engine *engine;
	int usable;      /* probe and every calibration run succeeded */
	double median_ms; /* whole run: start to end, setup and teardown included */
	char why[160];   /* when not usable */
};

/* The engine to use, decided once per process (thread-safe). In order:
 * $PVABI_ENGINE names one (it must probe successfully; "auto" means
 * calibrate); a cached decision in $XDG_CACHE_HOME/pvabi/engine whose key
 * (kernel release, /dev/kvm, the QEMU binary and the calibration image)
 * still matches; else a calibration (pvabi_engine_calibrate) whose result
 * is cached. Engines named in $PVABI_AUTO_EXCLUDE (comma-separated) are
 * never considered; PVABI_ENGINE_CACHE=0 disables the cache file.
 * Returns NULL when none works; @why always gets one sentence saying
 * which engine and why, or why none. */
const struct pvabi_engine *pvabi_engine_auto(char *why, size_t n);

/* Forgets the per-process decision (tests). */
void pvabi_engine_auto_reset(void);

/* The calibration itself, uncached: every engine of pvabi_engines not
 * excluded and whose probe succeeds runs @image with @cmdline @runs times
 * against a server that answers every call frame with 0; the lowest
 * median wins. @t, when not NULL, gets one entry per engine of the table
 * (NULL-terminated like it). */
const struct pvabi_engine *pvabi_engine_calibrate(const char *image, const char *cmdline,
						  unsigned int runs,
						  struct pvabi_engine_timing *t,
						  char *why, size_t n);

/* The calibration image: $PVABI_CALIBRATE_IMAGE, else calls.elf beside
 * the program (guest/calls.elf, ../guest/calls.elf from a build tree, or
 * ../share/pvabi/calls.elf once installed). 0, or -1 when none exists. */
int pvabi_engine_calibration_image(char *buf, size_t n);

#endif
