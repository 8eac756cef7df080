/* Validation of the release commands' arguments, before anything is
 * read or written: a value that passes here is one the schema and the
 * loader accept, so what release or new-rev writes, check loads. */
#include "cli/release.h"
#include "cli/commands.h"
#include "cli/help.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* A decimal part without sign, blanks or leading zeros, 1..5 digits;
 * returns the character after it, or NULL. */
static const char *part(const char *s, unsigned long *v)
{
	size_t n = 0;

	*v = 0;
	while (s[n] >= '0' && s[n] <= '9' && n < 6)
		*v = *v * 10 + (unsigned long)(s[n++] - '0');
	if (n == 0 || n > 5 || (n > 1 && s[0] == '0'))
		return NULL;
	return s + n;
}

int cli_rev_valid(const char *s, unsigned int *major, unsigned int *minor,
		  char *why, size_t whylen)
{
	unsigned long ma, mi;
	const char *p = part(s, &ma);

	if (p && *p == '.')
		p = part(p + 1, &mi);
	else
		p = NULL;
	if (!p || *p != '\0') {
		snprintf(why, whylen, "expected MAJOR.MINOR, two decimal numbers without "
			 "sign, blanks or leading zeros (e.g. 2.3)");
		return 0;
	}
	if (ma > 0xffff || mi > 0xffff) {
		snprintf(why, whylen, "each part must be at most 65535: on the wire a "
			 "revision is the 32-bit MAJOR << 16 | MINOR");
		return 0;
	}
	*major = (unsigned int)ma;
	*minor = (unsigned int)mi;
	return 1;
}

static int leap(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cli_date_valid(const char *s, char *why, size_t whylen)
{
	static const unsigned char mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned int y = 0, m = 0, d = 0, i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			break;
	if (i < 10 || s[10] != '\0') {
		snprintf(why, whylen, "expected YYYY-MM-DD");
		return 0;
	}
	for (i = 0; i < 4; i++)
		y = y * 10 + (unsigned int)(s[i] - '0');
	m = (unsigned int)(s[5] - '0') * 10 + (unsigned int)(s[6] - '0');
	d = (unsigned int)(s[8] - '0') * 10 + (unsigned int)(s[9] - '0');
	if (y == 0 || m < 1 || m > 12) {
		snprintf(why, whylen, y == 0 ? "there is no year 0000" : "no month %02u", m);
		return 0;
	}
	if (d < 1 || d > mdays[m - 1] + (unsigned int)(m == 2 && leap(y))) {
		snprintf(why, whylen, "%04u-%02u has no day %02u", y, m, d);
		return 0;
	}
	return 1;
}

int cli_rel_parse(int argc, char **argv, struct cli_rel_opts *o, const char *cmd)
{
	static const struct option lo[] = {
		{ "spec", required_argument, NULL, 's' },
		{ "registry", required_argument, NULL, 'r' },
		{ "date", required_argument, NULL, 'd' },
		{ "freeze", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:r:d:fh", lo, NULL)) != -1) {
		switch (c) {
		case 'f': o->freeze = 1; break;
		case 's': o->spec = optarg; break;
		case 'r': o->registry = optarg; break;
		case 'd': o->date = optarg; break;
		case 'h': pvabi_help_cmd(stdout, cmd); return 1;
		default: pvabi_help_usage_cmd(stderr, cmd); return -1;
		}
	}
	if (argc - optind != 1) {
		pvabi_help_usage_cmd(stderr, cmd);
		return -1;
	}
	o->rev = argv[optind];
	return 0;
}

int cli_rel_args_valid(const struct cli_rel_opts *o)
{
	unsigned int ma, mi;
	char why[160];

	if (!cli_rev_valid(o->rev, &ma, &mi, why, sizeof(why))) {
		fprintf(stderr, "%s: revision '%s' is not a revision id: %s\n",
			pvabi_progname, o->rev, why);
		return 0;
	}
	if (o->date && !cli_date_valid(o->date, why, sizeof(why))) {
		fprintf(stderr, "%s: --date '%s' is not a date: %s\n", pvabi_progname,
			o->date, why);
		return 0;
	}
	return 1;
}
