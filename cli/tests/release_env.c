/* The release tests' temporary directory and the pvabi program run in
 * it (release_env.h). */
#include "cli/tests/release_env.h"
#include "util/afile.h"
#include "util/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

char rel_dir[256];

int rel_pvabi_after(const char *pre, char *out, size_t outlen, const char *args)
{
	char cmd[2048];
	size_t n = 0;
	FILE *p;
	int st;

	snprintf(cmd, sizeof(cmd), "cd '%s' && (%s exec '%s/pvabi' %s) 2>&1", rel_dir, pre,
		 pvabi_test_builddir(), args);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (out) {
		n = fread(out, 1, outlen - 1, p);
		out[n] = '\0';
	}
	{
		/* The rest unread, so that a long output (a check's warnings)
		 * never ends the program with SIGPIPE. */
		char sink[4096];

		while (fread(sink, 1, sizeof(sink), p) > 0)
			;
	}
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int rel_pvabi(char *out, size_t outlen, const char *args)
{
	return rel_pvabi_after("", out, outlen, args);
}

int rel_copy(const char *rel, const char *to)
{
	char from[1024], path[1024];

	snprintf(from, sizeof(from), "%s/%s", pvabi_test_srcdir(), rel);
	snprintf(path, sizeof(path), "%s/%s", rel_dir, to);
	return pvabi_afile_copy(from, path, NULL, 0);
}

int rel_setup(void)
{
	strcpy(rel_dir, "/tmp/pvabi-release-XXXXXX");
	if (!mkdtemp(rel_dir))
		return -1;
	return rel_copy("fixtures/gen/mini.xml", "mini.xml") ||
	       rel_copy("fixtures/gen/mini-versions.xml", "ABI-VERSIONS.xml");
}

int rel_teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rel_dir);
	return system(cmd) == 0 ? 0 : -1;
}

char *rel_slurp(const char *name)
{
	struct pvabi_file_buf b;
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", rel_dir, name);
	return pvabi_file_read(path, 64u << 20, 0, &b, NULL, 0) ? NULL : b.data;
}

int rel_put(const char *name, const char *text)
{
	char path[512];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", rel_dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	rc = fputs(text, f) < 0;
	return fclose(f) || rc ? -1 : 0;
}

int rel_unchanged(const char *spec, const char *reg)
{
	char *s = rel_slurp("mini.xml"), *r = rel_slurp("ABI-VERSIONS.xml");
	int same = s && r && !strcmp(s, spec) && !strcmp(r, reg);

	free(s);
	free(r);
	return same;
}

size_t rel_count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

