#include "util/tests/util_tests.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int util_test_dir(char *buf, size_t cap)
{
	const char *t = getenv("TMPDIR");

	snprintf(buf, cap, "%s/pvabi-util.XXXXXX", t && *t ? t : "/tmp");
	return mkdtemp(buf) ? 0 : -1;
}

void util_test_rmdir(const char *dir)
{
	char path[4200];
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path))
			util_test_rmdir(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

int util_test_count(const char *dir, const char *s)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strstr(e->d_name, s);
	if (d)
		closedir(d);
	return n;
}

static const struct pvabi_test_suite suites[] = {
	{ "util_text", util_text_cases, NULL, NULL },
	{ "util_file", util_file_cases, NULL, NULL },
	{ "util_afile", util_afile_cases, NULL, NULL },
	{ "util_afile_txn", util_afile_txn_cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
