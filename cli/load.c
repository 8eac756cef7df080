#include "cli/load.h"
#include "cli/commands.h"
#include "conformance/profile.h"
#include "abi/load.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct pvabi_spec *cli_load_spec(const char *path)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load(path, &d);

	pvabi_diag_print(&d, stderr);
	pvabi_diag_free(&d);
	return s;
}

struct pvabi_registry *cli_load_registry(const char *path)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_registry *r = pvabi_registry_load(path, &d);

	pvabi_diag_print(&d, stderr);
	pvabi_diag_free(&d);
	return r;
}

int cli_registry_profile(const char *spec, const char *registry, const char *release,
			 struct pvabi_neg_profile *p)
{
	struct pvabi_spec *s = cli_load_spec(spec);
	struct pvabi_registry *r = s ? cli_load_registry(registry) : NULL;
	char err[256];
	int rc = -1;

	if (s && r) {
		rc = pvabi_profile_from_registry(s, r, release, p, err, sizeof(err));
		if (rc)
			fprintf(stderr, "%s: %s\n", pvabi_progname, err);
	}
	pvabi_registry_free(r);
	pvabi_spec_free(s);
	return rc;
}

int cli_build_dir(char *buf, size_t n)
{
	char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (len <= 0)
		return -1;
	self[len] = '\0';
	slash = strrchr(self, '/');
	if (!slash || (size_t)(slash - self) + sizeof("/pvabi-gen") > sizeof(self))
		return -1;
	memcpy(slash, "/pvabi-gen", sizeof("/pvabi-gen"));
	if (access(self, X_OK)) {
		snprintf(buf, n, "build");
		return 0;
	}
	*slash = '\0';
	snprintf(buf, n, "%s", self);
	return 0;
}
