/* Boots one guest image against the reference platform (platform/pvp) on
 * one engine: what `pvabi run` does, and what every matrix cell runs. */
#ifndef PVABI_RUNCELL_H
#define PVABI_RUNCELL_H

#include <stdio.h>

#include "conformance/cell.h"
#include "conformance/engine.h"
#include "negotiator/pvabi_neg.h"

struct pvabi_runcell_cfg {
	const char *image;
	const char *cmdline;
	const struct pvabi_engine *engine;
	const struct pvabi_neg_profile *profile;
	unsigned int timeout_ms;
	FILE *out; /* the guest's console (its TAP), flushed as it comes; or NULL */
	FILE *log; /* console, the platform's guest log, runner notes; or NULL */
	const char *hypervisor; /* a real-hypervisor engine's build (xen); NULL: its default */
	const struct pvabi_vm_kvm_pv *kvm_pv; /* a host kernel's profile (engine.h) */
	const char *cpu;
	/* The platform stops the guest at a shutdown it accepts, as a real
	 * hypervisor does (pvp_options.stop_at_shutdown); 0: it answers. */
	int stop_at_shutdown;
};

struct pvabi_runcell_result {
	struct pvabi_engine_result eng;
	enum pvabi_run_exit exit;
	int guest_status;          /* enum pvabi_status from the exit value, or -1 */
	struct pvabi_neg_answer answer; /* the platform's last answer */
	int answered;
	int shutdown_reason;       /* -1: the guest did not call shutdown */
	unsigned long long calls, bad_frames;
};

/* 0 when the engine ran (whatever the guest did; see r->exit), -1 when
 * the platform could not be set up (r->eng.reason says why). */
int pvabi_runcell(const struct pvabi_runcell_cfg *cfg, struct pvabi_runcell_result *r);

/* How an engine result maps onto `pvabi run`'s exit code. */
enum pvabi_run_exit pvabi_run_exit_of(const struct pvabi_engine_result *e, int *guest_status);

#endif
