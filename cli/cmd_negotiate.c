/* pvabi negotiate: one negotiation between a described guest and a
 * described platform, through the same encode/serve/accept path a guest
 * and a platform run, then what happened and why. */
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/load.h"
#include "conformance/profile.h"
#include "negotiator/pvabi_neg.h"
#include "util/json.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* Names the offending item, not just the option, so a long profile
 * description is fixable from the message alone. */
static void bad_value(const char *opt, const char *spec, int err,
		      const struct pvabi_neg_span *bad)
{
	fprintf(stderr, "%s negotiate: %s: '%.*s': %s", pvabi_progname, opt,
		(int)bad->len, spec + bad->off, pvabi_neg_error_str(err));
	if (bad->len != strlen(spec))
		fprintf(stderr, " (in '%s')", spec);
	fputc('\n', stderr);
}

static int print_json(const struct pvabi_neg_answer *ga,
		      const struct pvabi_neg_answer *pa, const char *why)
{
	char grec[512], prec[512];

	if (pvabi_neg_record_json("guest", ga, grec, sizeof(grec)) < 0 ||
	    pvabi_neg_record_json("platform", pa, prec, sizeof(prec)) < 0) {
		fprintf(stderr, "%s negotiate: record does not fit\n", pvabi_progname);
		return PVABI_EXIT_USAGE;
	}
	printf("{\"outcome\":\"%s\",\"why\":", pvabi_neg_status_name(ga->status));
	pvabi_json_str(stdout, why);
	printf(",\"guest\":%s,\"platform\":%s}\n", grec, prec);
	return 0;
}

static void print_text(const struct pvabi_neg_answer *ga, const char *why)
{
	char rev[16];

	printf("outcome: %s\n", pvabi_neg_status_name(ga->status));
	if (ga->status == PVABI_NEG_OK) {
		pvabi_neg_rev_format(ga->chosen, rev, sizeof(rev));
		printf("revision: %s\ngranted: 0x%llx\n", rev,
		       (unsigned long long)ga->granted);
	}
	printf("why: %s\n", why);
}

/* The exchange, given a ready profile from wherever it came from: a
 * command-line description here; a release from the registry can be
 * handed in the same way. The guest's view decides the outcome: it is
 * what a guest would act on. */
static int negotiate_run(const struct pvabi_neg_offer *o,
			 const struct pvabi_neg_profile *p, int json)
{
	unsigned char req[PVABI_NEG_OFFER_SIZE], resp[PVABI_NEG_ANSWER_SIZE];
	struct pvabi_neg_answer pa, ga;
	struct pvabi_neg_session s;
	char why[1024];
	int n, m;

	pvabi_neg_session_init(&s);
	n = pvabi_neg_offer_encode(o, req, sizeof(req));
	m = n < 0 ? n : pvabi_neg_platform_serve(&s, p, req, (size_t)n, resp, sizeof(resp), &pa);
	if (m < 0) {
		fprintf(stderr, "%s negotiate: %s\n", pvabi_progname, pvabi_neg_error_str(m));
		return PVABI_EXIT_USAGE;
	}
	pvabi_neg_guest_accept(o, resp, (size_t)m, &ga);
	if (pvabi_neg_explain(&ga, p, why, sizeof(why)) < 0)
		strcpy(why + sizeof(why) - 4, "...");
	if (json) {
		if (print_json(&ga, &pa, why))
			return PVABI_EXIT_USAGE;
	} else {
		print_text(&ga, why);
	}
	return ga.status == PVABI_NEG_OK ? PVABI_EXIT_OK : PVABI_EXIT_BREAKING;
}

int pvabi_cmd_negotiate(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "guest", required_argument, NULL, 'g' },
		{ "platform", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "as-release", required_argument, NULL, 'R' },
		{ "current", no_argument, NULL, 'c' },
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *guest = NULL, *platform = NULL, *release = NULL;
	const char *spec = PVABI_DEFAULT_SPEC, *registry = PVABI_DEFAULT_REGISTRY;
	int current = 0;
	struct pvabi_neg_profile prof;
	struct pvabi_neg_offer offer;
	struct pvabi_neg_span bad;
	int ch, json = 0, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "g:p:jR:cs:r:h", lo, NULL)) != -1) {
		switch (ch) {
		case 'g': guest = optarg; break;
		case 'p': platform = optarg; break;
		case 'R': release = optarg; break;
		case 'c': current = 1; break;
		case 's': spec = optarg; break;
		case 'r': registry = optarg; break;
		case 'j': json = 1; break;
		case 'h': pvabi_help_cmd(stdout, "negotiate"); return PVABI_EXIT_OK;
		default: pvabi_help_usage_cmd(stderr, "negotiate"); return PVABI_EXIT_USAGE;
		}
	}
	if (optind != argc || !guest || (!!platform + !!release + current) != 1) {
		if (optind != argc)
			fprintf(stderr, "%s negotiate: unexpected argument '%s'\n",
				pvabi_progname, argv[optind]);
		else
			fprintf(stderr, "%s negotiate: %s\n", pvabi_progname,
				guest ? "give exactly one of --platform, --as-release, --current"
				      : "missing --guest");
		pvabi_help_usage_cmd(stderr, "negotiate");
		return PVABI_EXIT_USAGE;
	}
	if ((rc = pvabi_neg_parse_guest(guest, &offer, &bad)) < 0) {
		bad_value("--guest", guest, rc, &bad);
		return PVABI_EXIT_USAGE;
	}
	if (!platform)
		return cli_registry_profile(spec, registry, release, &prof) ? PVABI_EXIT_USAGE
									: negotiate_run(&offer, &prof, json);
	if ((rc = pvabi_neg_parse_platform(platform, &prof, &bad)) < 0) {
		bad_value("--platform", platform, rc, &bad);
		return PVABI_EXIT_USAGE;
	}
	return negotiate_run(&offer, &prof, json);
}
