/* One image, one engine, the reference platform in this process. The
 * console goes to the caller's stream as it arrives (the matrix runner
 * timestamps its lines); what the guest asks the platform to log goes to
 * the cell's log only, so the TAP stream stays the guest's own. */
#include "conformance/runcell.h"
#include "conformance/conmem.h"
#include "conformance/tapparse.h"
#include "guest/rt/status.h"
#include "platform/pvp/pvp.h"
#include "platform/vmm/vmm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The guest's last whole line, and how much of a line came after it:
 * what the guest said last, for a run the platform stopped (stop_end). */
struct lastline {
	char last[128], cur[128];
	size_t len;   /* bytes of the current line, also beyond cur */
	long long asked; /* the reason of the last "# end: asking" line, -1 */
};

struct sinks {
	FILE *out, *log;
	struct lastline ll;
};

static void end_asked(struct lastline *l)
{
	unsigned long long reason;
	int status;

	if (!strncmp(l->last, "# end: ", 7) &&
	    pvabi_tapparse_end_asking(l->last + 7, &reason, &status))
		l->asked = (long long)reason;
}

static void lastline_add(struct lastline *l, const char *buf, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (l->len < sizeof(l->cur))
				l->cur[l->len] = buf[i];
			l->len++;
			continue;
		}
		/* a line too long to keep is none that stop_end looks for */
		k = l->len < sizeof(l->cur) ? l->len : 0;
		if (k && l->cur[k - 1] == '\r')
			k--;
		memcpy(l->last, l->cur, k);
		l->last[k] = '\0';
		l->len = 0;
		end_asked(l);
	}
}

/* Rendered records arrive a piece at a time (each literal run and each
 * conversion of a line): they are buffered, and flushed once the call
 * they came with is answered (cell_doorbell), not a write each. */
static void records_sink(void *ctx, const char *buf, size_t n)
{
	struct sinks *s = ctx;

	lastline_add(&s->ll, buf, n);
	if (s->out)
		fwrite(buf, 1, n, s->out);
	if (s->log)
		fwrite(buf, 1, n, s->log);
}

static void console_sink(void *ctx, const char *buf, size_t n)
{
	struct sinks *s = ctx;

	records_sink(ctx, buf, n);
	if (s->out)
		fflush(s->out);
}

/* Guest log records, kept apart from its TAP by a prefix. */
static void platform_log(void *ctx, const char *buf, size_t n)
{
	struct sinks *s = ctx;

	if (s->log) {
		fputs("# guest-log: ", s->log);
		fwrite(buf, 1, n, s->log);
		if (n && buf[n - 1] != '\n')
			fputc('\n', s->log);
	}
}

/* The engine calls one context for both the console and the doorbell;
 * the memory console's records are rendered into the same console. */
struct cellctx {
	struct pvp_ctx *p;
	struct sinks *s;
	struct pvabi_conmem mem;
	struct pvabi_irqq irqs; /* the platform's interrupts for the engine */
};

/* A real hypervisor's own lines (Xen's boot log): the cell's log only. */
static void hv_log_sink(void *ctx, const char *buf, size_t n)
{
	struct sinks *s = ((struct cellctx *)ctx)->s;

	if (s->log)
		fwrite(buf, 1, n, s->log);
}

static void cell_console(void *ctx, const char *buf, size_t n)
{
	console_sink(((struct cellctx *)ctx)->s, buf, n);
}

/* In front of the platform: the memory console's op; everything else is
 * the platform's, after a drain, so the console keeps up with the calls. */
static int64_t cell_dispatch(void *ctx, uint32_t op, uint32_t nargs, const uint64_t *args)
{
	struct cellctx *cc = ctx;
	int64_t ret;

	pvabi_conmem_drain(&cc->mem, &cc->p->host);
	if (pvabi_conmem_call(&cc->mem, &cc->p->host, op, nargs, args, &ret))
		return ret;
	return pvp_platform_call(cc->p, op, nargs, args);
}

static int cell_doorbell(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value)
{
	struct cellctx *cc = ctx;
	int rc = pvp_platform_doorbell(cc->p, vcpu, mem, size, value);

	/* the guest runs on meanwhile: its answer is in the frame */
	if (cc->s->out)
		fflush(cc->s->out);
	return rc;
}

static int cell_kick(void *ctx, uint32_t vcpu)
{
	return pvp_platform_kick(((struct cellctx *)ctx)->p, vcpu);
}

enum pvabi_run_exit pvabi_run_exit_of(const struct pvabi_engine_result *e, int *guest_status)
{
	static const enum pvabi_run_exit by_status[PVABI_STATUS_COUNT] = {
		[PVABI_PASS] = PVABI_RUN_EXIT_PASS,   [PVABI_SKIP] = PVABI_RUN_EXIT_SKIP,
		[PVABI_REFUSED] = PVABI_RUN_EXIT_REFUSED, [PVABI_ERROR] = PVABI_RUN_EXIT_ERROR,
		[PVABI_FAIL] = PVABI_RUN_EXIT_FAIL,   [PVABI_CRASH] = PVABI_RUN_EXIT_CRASH,
	};

	*guest_status = -1;
	switch (e->outcome) {
	case PVABI_RUN_EXITED:
		/* Any other value is a guest that ended without the runtime's
		 * verdict: it left no result. */
		if (e->exit_value < PVABI_EXIT_BASE ||
		    e->exit_value >= PVABI_EXIT_BASE + PVABI_STATUS_COUNT)
			return PVABI_RUN_EXIT_CRASH;
		*guest_status = (int)(e->exit_value - PVABI_EXIT_BASE);
		return by_status[*guest_status];
	case PVABI_RUN_SHUTDOWN:
	case PVABI_RUN_INTERNAL_ERROR:
	case PVABI_RUN_HALTED:
		return PVABI_RUN_EXIT_CRASH;
	case PVABI_RUN_TIMEOUT:
		return PVABI_RUN_EXIT_TIMEOUT;
	case PVABI_RUN_UNAVAILABLE:
		return PVABI_RUN_EXIT_UNAVAILABLE;
	case PVABI_RUN_IMAGE_INVALID:
		return PVABI_RUN_EXIT_USAGE;
	case PVABI_RUN_HARNESS_ERROR:
		break;
	}
	return PVABI_RUN_EXIT_ERROR;
}

/* A platform that stops the guest at a shutdown it accepted (as Xen and
 * a VMM do: the call never returns) ends the run as a SHUTDOWN. That is
 * the guest's own end when, and only when, its last line said what it
 * asked and the status it would have exited with ("# end: asking
 * shutdown reason=N status=S", guest/image.c) and the platform recorded
 * that reason: the run ends with that status. Any other SHUTDOWN (a
 * triple fault, a reset, a stop the guest did not announce, another
 * reason recorded) stays a crash, as before (docs/checks.md, "How a run
 * ends"). */
static void stop_end(const struct lastline *l, int recorded, struct pvabi_runcell_result *r)
{
	struct pvabi_engine_result e = r->eng;
	unsigned long long reason;
	int status;

	if (r->eng.outcome != PVABI_RUN_SHUTDOWN || r->exit != PVABI_RUN_EXIT_CRASH || l->len ||
	    strncmp(l->last, "# end: ", 7) ||
	    !pvabi_tapparse_end_asking(l->last + 7, &reason, &status) || status < 0 ||
	    recorded < 0 || reason != (unsigned long long)recorded)
		return;
	e.outcome = PVABI_RUN_EXITED;
	e.exit_value = PVABI_EXIT_BASE + (uint32_t)status;
	r->exit = pvabi_run_exit_of(&e, &r->guest_status);
	snprintf(r->eng.reason, sizeof(r->eng.reason), "the platform stopped the guest at its "
		 "shutdown call, reason %llu as asked; the guest's status as it said before", reason);
}

/* A real hypervisor's run (Xen's): no matrix judges it, so the run does
 * what the judge does with a cell (conformance/judge.c, judge_end): a
 * guest that asked a shutdown which the hypervisor did not record as
 * asked (another reason, or none: a refusal, an op not served) fails, or,
 * stopped worse than that, keeps its end with the run end named first. */
static void hv_end(const struct lastline *l, struct pvabi_runcell_result *r)
{
	char keep[sizeof(r->eng.reason)], what[160];

	if (l->asked < 0 || l->asked == r->shutdown_reason)
		return;
	if (r->shutdown_reason < 0)
		snprintf(what, sizeof(what), "run end: the guest asked shutdown reason %lld, the "
			 "platform recorded none", l->asked);
	else
		snprintf(what, sizeof(what), "run end: the guest asked shutdown reason %lld, the "
			 "platform recorded shutdown reason %d", l->asked, r->shutdown_reason);
	snprintf(keep, sizeof(keep), "%s", r->eng.reason);
	snprintf(r->eng.reason, sizeof(r->eng.reason), "%s; %.*s", what,
		 (int)(sizeof(r->eng.reason) - strlen(what) - 3), keep);
	if (r->exit == PVABI_RUN_EXIT_PASS || r->exit == PVABI_RUN_EXIT_SKIP)
		r->exit = PVABI_RUN_EXIT_FAIL;
}

/* The guest's command line with console=mem added (the runner serves the
 * memory console), unless it names a console itself, would grow past what
 * every engine takes, or the engine serves no doorbell (a real
 * hypervisor owns it); and with the host's wall clock (wallref=, wallwin=:
 * timeout_ms and a 5 s margin for the engine's setup) unless the matrix
 * handed one already, taken when the cell starts. */
static const char *cell_cmdline(const struct pvabi_engine *e, const char *user,
				unsigned int timeout_ms, char *buf, size_t n)
{
	const char *u = user ? user : "";
	const char *con = e->real_hypervisor || strstr(u, "console=") ? "" : "console=mem";
	char ref[64];

	ref[0] = '\0';
	if (!e->real_hypervisor && !strstr(u, "wallref="))
		pvabi_engine_wallref(ref, sizeof(ref), timeout_ms + 5000u);
	/* the console before the reference: without it no tied check runs */
	if (strlen(u) + strlen(con) + strlen(ref) + 2 > PVABI_ENGINE_MAX_CMDLINE)
		ref[0] = '\0';
	if ((!*con && !*ref) || strlen(u) + strlen(con) + 1 > PVABI_ENGINE_MAX_CMDLINE ||
	    (size_t)snprintf(buf, n, "%s%s%s%s%s", u, *u && *con ? " " : "", con,
			     (*u || *con) && *ref ? " " : "", ref) >= n)
		return user;
	return buf;
}

/* The vCPUs an image asks for (its note, guest/rt/smp.h), at most what
 * the engines run. */
static unsigned int image_vcpus(const char *path)
{
	unsigned int n = pvabi_vm_image_vcpus(path);

	return n < PVABI_ENGINE_MAX_VCPUS ? n : PVABI_ENGINE_MAX_VCPUS;
}

/* The reference platform the cell serves the image from, its log and
 * interrupts wired to the cell's sinks; 0, or -1 with r saying why. */
static int cell_platform(const struct pvabi_runcell_cfg *cfg, struct sinks *s,
			 struct cellctx *cc, struct pvabi_runcell_result *r)
{
	struct pvp_options o;
	int rc = 0;

	memset(&o, 0, sizeof(o));
	pvabi_conmem_init(&cc->mem, records_sink, s);
	o.log = platform_log;
	o.log_ctx = s;
	o.inject = pvabi_irq_post;
	o.inject_ctx = &cc->irqs;
	/* a real hypervisor's guest never reaches the platform here */
	o.nvcpus = cfg->engine->real_hypervisor ? 1 : image_vcpus(cfg->image);
	o.yield_answers_at_once = !cfg->engine->serves_in_vcpu;
	o.stop_at_shutdown = cfg->stop_at_shutdown;
	cc->s = s;
	cc->p = calloc(1, sizeof(*cc->p));
	if (!cc->p || (rc = pvp_platform_init(cc->p, cfg->profile, &o)) < 0) {
		r->eng.outcome = PVABI_RUN_HARNESS_ERROR;
		snprintf(r->eng.reason, sizeof(r->eng.reason), "platform setup: %s",
			 strerror(cc->p ? -rc : ENOMEM));
		r->exit = PVABI_RUN_EXIT_ERROR;
		free(cc->p);
		return -1;
	}
	cc->p->host.dispatch = cell_dispatch;
	cc->p->host.ctx = cc;
	return 0;
}

/* What the engine is told: the image, its command line (into cmdline),
 * the doorbell and the cell's callbacks. */
static void cell_engine_cfg(const struct pvabi_runcell_cfg *cfg, struct cellctx *cc,
			    struct pvabi_engine_cfg *ec, char *cmdline, size_t n)
{
	memset(ec, 0, sizeof(*ec));
	ec->image = cfg->image;
	ec->cmdline = cell_cmdline(cfg->engine, cfg->cmdline, cfg->timeout_ms, cmdline, n);
	ec->timeout_ms = cfg->timeout_ms;
	ec->doorbell_port = (uint16_t)PVP_DOORBELL_PORT;
	ec->console = cell_console;
	ec->doorbell = cell_doorbell;
	ec->kick = cell_kick;
	ec->ctx = cc;
	ec->hypervisor = cfg->hypervisor;
	ec->hv_log = hv_log_sink;
	ec->irqs = &cc->irqs;
	ec->kvm_pv = cfg->kvm_pv;
	ec->cpu = cfg->cpu;
	ec->vcpus = image_vcpus(cfg->image);
	ec->sent_gpa = pvabi_vm_image_sent_gpa(cfg->image);
}

/* How the run ended, from the engine's outcome, what the guest reported
 * and what the platform saw. */
static void cell_result(const struct pvabi_runcell_cfg *cfg, struct sinks *s,
			const struct cellctx *cc, struct pvabi_runcell_result *r)
{
	r->exit = pvabi_run_exit_of(&r->eng, &r->guest_status);
	/* What the guest reported could not be read whole: whatever it
	 * exited with, the run shows nothing either way. */
	if (cc->mem.error[0] && r->exit != PVABI_RUN_EXIT_TIMEOUT) {
		r->exit = PVABI_RUN_EXIT_ERROR;
		snprintf(r->eng.reason, sizeof(r->eng.reason), "memory console: %s", cc->mem.error);
	}
	/* The agreement, when there was one: the guest re-offers on purpose
	 * afterwards (ALREADY_NEGOTIATED, malformed offers), and those later
	 * answers are not what the platform serves. */
	r->answer = cc->p->agreed_valid ? cc->p->agreed : cc->p->answer;
	r->answered = cc->p->agreed_valid || cc->p->answered;
	/* a real hypervisor records its guest's end itself */
	r->shutdown_reason = cfg->engine->real_hypervisor ? r->eng.hv_shutdown - 1
							  : cc->p->shutdown_reason;
	stop_end(&s->ll, r->shutdown_reason, r);
	if (cfg->engine->real_hypervisor)
		hv_end(&s->ll, r);
	r->calls = cc->p->host.calls;
	r->bad_frames = cc->p->host.bad_frames;
}

int pvabi_runcell(const struct pvabi_runcell_cfg *cfg, struct pvabi_runcell_result *r)
{
	char cmdline[PVABI_ENGINE_MAX_CMDLINE + 1];
	struct sinks s = { .out = cfg->out, .log = cfg->log, .ll = { .asked = -1 } };
	struct pvabi_engine_cfg ec;
	struct cellctx cc;

	memset(&cc, 0, sizeof(cc));
	memset(r, 0, sizeof(*r));
	r->guest_status = -1;
	r->shutdown_reason = -1;
	if (cell_platform(cfg, &s, &cc, r))
		return -1;
	cell_engine_cfg(cfg, &cc, &ec, cmdline, sizeof(cmdline));
	cfg->engine->run(&ec, &r->eng);
	if (s.out)
		fflush(s.out);
	cell_result(cfg, &s, &cc, r);
	pvp_platform_fini(cc.p);
	free(cc.p);
	return 0;
}
