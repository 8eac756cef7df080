/* pvabi run: boot one image against the reference platform on one
 * engine, print its TAP, the platform's negotiation record and a summary
 * line, and exit with what happened (enum pvabi_run_exit). The log is
 * written beside its final name and renamed at the end, so a log file
 * that exists is complete. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "cli/runner/runner.h"
#include "conformance/profile.h"
#include "conformance/result_io.h"
#include "conformance/runcell.h"
#include "conformance/xen_build.h"
#include "platform/vmm/vmm.h"
#include "util/file.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct run_opts {
	const char *image, *engine, *release, *log, *cmdline, *spec, *registry, *xen;
	unsigned int timeout_ms;
	int offer_set;     /* "PLATFORM:features=MASK": offer only MASK */
	int stop_at_shutdown;
	uint64_t offer;
	char release_buf[64];
};

/* "current", "1.2", or either with ":features=MASK" (the matrix's
 * feature axis: a platform that offers only those features). */
static int platform_arg(struct run_opts *o, const char *arg)
{
	const char *colon = strchr(arg, ':');
	size_t k = colon ? (size_t)(colon - arg) : strlen(arg);

	if (k >= sizeof(o->release_buf)) {
		fprintf(stderr, "%s run: --platform '%s': too long\n", pvabi_progname, arg);
		return -1;
	}
	memcpy(o->release_buf, arg, k);
	o->release_buf[k] = '\0';
	o->release = strcmp(o->release_buf, "current") ? o->release_buf : NULL;
	o->offer_set = 0;
	if (!colon)
		return 0;
	if (strncmp(colon, ":features=", 10) ||
	    pvabi_neg_parse_u64(colon + 10, strlen(colon + 10), &o->offer)) {
		fprintf(stderr, "%s run: --platform '%s': after the platform only "
			":features=MASK (0x hex or decimal)\n", pvabi_progname, arg);
		return -1;
	}
	o->offer_set = 1;
	return 0;
}

static int parse(int argc, char **argv, struct run_opts *o)
{
	static const struct option lo[] = {
		{ "engine", required_argument, NULL, 'e' },
		{ "as-release", required_argument, NULL, 'R' },
		{ "current", no_argument, NULL, 'c' },
		{ "platform", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		{ "log", required_argument, NULL, 'l' },
		{ "cmdline", required_argument, NULL, 'C' },
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "xen", required_argument, NULL, 'x' },
		{ "stop-at-shutdown", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char why[256];
	int ch;

	memset(o, 0, sizeof(*o));
	o->engine = "auto";
	o->spec = PVABI_DEFAULT_SPEC;
	o->registry = PVABI_DEFAULT_REGISTRY;
	o->timeout_ms = 60000;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "e:R:cp:t:l:C:s:r:x:h", lo, NULL)) != -1) {
		switch (ch) {
		case 'e': o->engine = optarg; break;
		case 'R':
		case 'p':
			if (platform_arg(o, optarg))
				return -1;
			break;
		case 'c': o->release = NULL; o->offer_set = 0; break;
		case 't':
			if (pvabi_engine_parse_timeout(optarg, &o->timeout_ms, why, sizeof(why))) {
				fprintf(stderr, "%s run: --%s\n", pvabi_progname, why);
				return -1;
			}
			break;
		case 'l': o->log = optarg; break;
		case 'C': o->cmdline = optarg; break;
		case 's': o->spec = optarg; break;
		case 'r': o->registry = optarg; break;
		case 'x': o->xen = optarg; break;
		case 'S': o->stop_at_shutdown = 1; break;
		case 'h': pvabi_help_cmd(stdout, "run"); exit(PVABI_EXIT_OK);
		default: return -1;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "%s run: %s\n", pvabi_progname,
			optind == argc ? "missing IMAGE" : "more than one IMAGE");
		return -1;
	}
	o->image = argv[optind];
	if (pvabi_engine_check_cmdline(o->cmdline, why, sizeof(why))) {
		fprintf(stderr, "%s run: --cmdline: %s\n", pvabi_progname, why);
		return -1;
	}
	return 0;
}

static void summary(FILE *f, const struct run_opts *o, const char *engine,
		    const struct pvabi_runcell_result *r)
{
	char neg[32] = "none";

	if (r->answered && r->answer.status == PVABI_NEG_OK)
		snprintf(neg, sizeof(neg), "%u.%u", r->answer.chosen >> 16, r->answer.chosen & 0xffff);
	else if (r->answered)
		snprintf(neg, sizeof(neg), "%s", pvabi_neg_status_name(r->answer.status));
	fprintf(f, "# run: engine=%s platform=%s outcome=%s exit=%d (%s) negotiated=%s calls=%llu "
		   "bad_frames=%llu time=%.1fms: %s\n",
		engine, o->release ? o->release : "current", pvabi_outcome_name(r->eng.outcome),
		r->exit, pvabi_runner_exit_name(r->exit), neg, r->calls, r->bad_frames,
		r->eng.run_ms, r->eng.reason);
}

static void platform_record(FILE *f, const struct pvabi_runcell_result *r)
{
	char buf[512];

	if (r->answered && pvabi_neg_record_json("platform", &r->answer, buf, sizeof(buf)) > 0)
		fprintf(f, "# platform: %s\n", buf);
}

/* How the run ended as the platform recorded it (docs/checks.md, "How a
 * run ends"), for a run whose command line names the end the image asks
 * (end=) or that ended by a shutdown anyway: the reference platform's
 * record, or what a real hypervisor said it did (the xen engine reads
 * Xen's console). */
static void platform_end(FILE *f, const struct run_opts *o, const struct pvabi_runcell_result *r)
{
	const char *c = o->cmdline ? o->cmdline : "";
	const char *at = strstr(c, "end=");

	while (at && at != c && at[-1] != ' ')
		at = strstr(at + 1, "end=");
	if (r->eng.outcome == PVABI_RUN_UNAVAILABLE ||
	    (!at && r->shutdown_reason < 0))
		return;
	if (r->shutdown_reason < 0)
		fprintf(f, "# end: platform recorded none\n");
	else
		fprintf(f, "# end: platform recorded shutdown reason=%d\n", r->shutdown_reason);
}

/* The engine cannot present the host profile: the cell is unavailable
 * here, said the way a run that tried says it. */
static void cannot(struct pvabi_runcell_result *r, const char *why)
{
	memset(r, 0, sizeof(*r));
	r->eng.outcome = PVABI_RUN_UNAVAILABLE;
	/* cut to the reason's room, as every engine's is */
	snprintf(r->eng.reason, sizeof(r->eng.reason), "%.*s", (int)sizeof(r->eng.reason) - 1,
		 why);
	r->exit = PVABI_RUN_EXIT_UNAVAILABLE;
	r->guest_status = r->shutdown_reason = -1;
}

static int run(const struct run_opts *o, const struct pvabi_engine *e,
	       const struct pvabi_neg_profile *p, const struct pvabi_run_host *h,
	       const char *unavailable)
{
	struct pvabi_runcell_cfg cfg = { o->image, o->cmdline, e, p, o->timeout_ms, stdout, NULL,
					 o->xen, h->kvm_pv, h->cpu[0] ? h->cpu : NULL,
					 o->stop_at_shutdown };
	struct pvabi_runcell_result r;
	struct pvabi_afile log;
	char err[256];

	/* A log that cannot be created is the caller's argument, checked
	 * before any guest runs. */
	if (o->log && pvabi_afile_open(&log, o->log, err, sizeof(err))) {
		fprintf(stderr, "%s run: --log: %s\n", pvabi_progname, err);
		return PVABI_RUN_EXIT_USAGE;
	}
	cfg.log = o->log ? log.f : NULL;
	if (cfg.log)
		fprintf(cfg.log, "# pvabi run %s --engine %s --%s%s offers 0x%llx%s%s\n", o->image,
			e->name, o->release ? "as-release " : "current", o->release ? o->release : "",
			(unsigned long long)p->offered, o->cmdline ? " cmdline " : "",
			o->cmdline ? o->cmdline : "");
	if (unavailable)
		cannot(&r, unavailable);
	else
		pvabi_runcell(&cfg, &r);
	platform_record(stdout, &r);
	platform_end(stdout, o, &r);
	summary(stdout, o, e->name, &r);
	if (cfg.log) {
		platform_record(cfg.log, &r);
		platform_end(cfg.log, o, &r);
		summary(cfg.log, o, e->name, &r);
		if (pvabi_afile_commit(&log, err, sizeof(err))) {
			fprintf(stderr, "%s run: %s\n", pvabi_progname, err);
			return PVABI_RUN_EXIT_ERROR;
		}
	}
	if (r.exit == PVABI_RUN_EXIT_USAGE)
		fprintf(stderr, "%s run: %s: %s\n", pvabi_progname, o->image, r.eng.reason);
	else if (r.exit == PVABI_RUN_EXIT_ERROR)
		fprintf(stderr, "%s run: %s engine: %s\n", pvabi_progname, e->name, r.eng.reason);
	else if (r.exit == PVABI_RUN_EXIT_UNAVAILABLE)
		fprintf(stderr, "%s run: engine unavailable: %s\n", pvabi_progname, r.eng.reason);
	return (int)r.exit;
}

/* Every engine gets only images the loader accepts, so a malformed image
 * is the same usage error (exit 2, the offending value named) whichever
 * engine was asked for, before any guest runs. */
static int image_valid(const char *path)
{
	struct pvabi_vm_image img;
	struct pvabi_file_buf b;
	char why[4400];
	int rc = pvabi_file_read(path, PVABI_VM_MAX_IMAGE, 0, &b, why, sizeof(why));

	if (rc == 0)
		rc = pvabi_vm_image_parse((const uint8_t *)b.data, b.len, PVABI_DEFAULT_MEM, &img,
					  why, sizeof(why));
	if (rc)
		fprintf(stderr, "%s run: %s%s%s\n", pvabi_progname, b.data ? path : "",
			b.data ? ": " : "", why);
	free(b.data);
	return rc ? -1 : 0;
}

/* A --xen that cannot be a Xen build is the caller's argument, refused
 * before anything boots. */
static int xen_valid(const char *path)
{
	char why[PATH_MAX + 128] = "";
	int fd = -1;

	if (!path)
		return 0;
	if (pvabi_xen_open(path, &fd, why, sizeof(why))) {
		fprintf(stderr, "%s run: --xen: %s\n", pvabi_progname, why);
		return -1;
	}
	close(fd);
	return 0;
}

/* A --log that cannot be created is the caller's argument: refused as
 * such (exit 2) before the engine is probed, so the answer does not
 * depend on whether this host has the engine. run() opens it for real. */
static int log_valid(const char *path)
{
	struct pvabi_afile log;
	char err[256];

	if (!path)
		return 0;
	if (pvabi_afile_open(&log, path, err, sizeof(err))) {
		fprintf(stderr, "%s run: --log: %s\n", pvabi_progname, err);
		return -1;
	}
	pvabi_afile_abort(&log);
	return 0;
}

int pvabi_cmd_run(int argc, char **argv)
{
	struct pvabi_neg_profile prof;
	struct pvabi_run_host host;
	const struct pvabi_engine *e;
	struct run_opts o;
	char why[512], ewhy[512];
	int erc, hrc;

	if (parse(argc, argv, &o)) {
		pvabi_help_usage_cmd(stderr, "run");
		return PVABI_RUN_EXIT_USAGE;
	}
	if (image_valid(o.image) || xen_valid(o.xen) || log_valid(o.log))
		return PVABI_RUN_EXIT_USAGE;
	/* The engine's probe and default read it: --xen is PVABI_XEN. */
	if (o.xen)
		setenv("PVABI_XEN", o.xen, 1);
	if (cli_registry_profile(o.spec, o.registry, o.release, &prof))
		return PVABI_RUN_EXIT_USAGE;
	if (o.offer_set)
		prof.offered &= o.offer;
	/* The engine's answer waits for the host profile's: a spec without
	 * the release's profile is bad input (exit 2) whatever this host
	 * has, and the profile's engine is the one the probe picked. */
	erc = pvabi_runner_engine(o.engine, &e, ewhy, sizeof(ewhy));
	if (erc == -EINVAL) {
		fprintf(stderr, "%s run: %s\n", pvabi_progname, ewhy);
		return PVABI_RUN_EXIT_USAGE;
	}
	hrc = pvabi_run_host(o.spec, o.release, erc ? o.engine : e->name, &host, why, sizeof(why));
	if (hrc < 0) {
		fprintf(stderr, "%s run: %s\n", pvabi_progname, why);
		return PVABI_RUN_EXIT_USAGE;
	}
	if (erc) {
		fprintf(stderr, "%s run: engine unavailable: %s\n", pvabi_progname, ewhy);
		return PVABI_RUN_EXIT_UNAVAILABLE;
	}
	return run(&o, e, &prof, &host, hrc ? why : NULL);
}
