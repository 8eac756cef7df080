/* `make install` into scratch prefixes, used as another project would:
 * every file in place (PREFIX and DESTDIR honoured), a program built
 * through pkg-config against each installed negotiator library doing a
 * negotiation round trip, the man page rendering, the completion script
 * valid bash, and the installed pvabi working with the source tree out of
 * sight. The build's make knobs come in $PVABI_MAKE_VARS (CC, SANITIZE),
 * so the install reuses the objects of this build. */
#include "tests/fixtures.h"
#include "tests/harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256], prefix[300], out[65536];

/* Runs a shell command (stderr with stdout into out); its exit status. */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	return fx_run(cmd, out, sizeof(out), NULL);
}

/* make install with this build's knobs; the parent make's jobserver and
 * flags are not inherited. */
static int make_install(const char *args)
{
	const char *vars = getenv("PVABI_MAKE_VARS");

	return sh("env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C '%s' O='%s' %s install %s",
		  pvabi_test_srcdir(), pvabi_test_builddir(), vars ? vars : "", args);
}

static int setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/pvabi-install-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(prefix, sizeof(prefix), "%s/usr", dir);
	return 0;
}

static int teardown(void)
{
	return sh("rm -rf '%s'", dir) ? -1 : 0;
}

static const char *const installed[] = {
	"bin/pvabi",
	"share/man/man1/pvabi.1",
	"share/bash-completion/completions/pvabi",
	"share/pvabi/schema/pvabi-spec.rng",
	"share/pvabi/schema/abi-versions.rng",
	"share/pvabi/platform.xml",
	"share/pvabi/ABI-VERSIONS.xml",
	"share/pvabi/calls.elf",
	"include/pvabi/pvabi_neg.h",
	"lib/libpvabi-neg.a",
	"lib/libpvabi-neg.so",
	"lib/libpvabi-neg-freestanding32.a",
	"lib/libpvabi-neg-freestanding64.a",
	"lib/pkgconfig/pvabi-neg.pc",
	"lib/pkgconfig/pvabi-neg-freestanding32.pc",
	"lib/pkgconfig/pvabi-neg-freestanding64.pc",
	NULL,
};

static void expect_files(const char *root)
{
	const char *const *f;
	char path[1024];

	for (f = installed; *f; f++) {
		snprintf(path, sizeof(path), "%s/%s", root, *f);
		if (access(path, R_OK))
			fprintf(stderr, "not installed: %s\n", path);
		CU_ASSERT(access(path, R_OK) == 0);
	}
	snprintf(path, sizeof(path), "%s/bin/pvabi", root);
	CU_ASSERT(access(path, X_OK) == 0);
}

static void test_prefix(void)
{
	char args[400];

	snprintf(args, sizeof(args), "PREFIX='%s'", prefix);
	if (make_install(args))
		fprintf(stderr, "make install failed:\n%s", out);
	CU_ASSERT_EQUAL_FATAL(make_install(args), 0);
	expect_files(prefix);
	/* the pkg-config file points into this prefix */
	CU_ASSERT_EQUAL(sh("PKG_CONFIG_PATH='%s/lib/pkgconfig' pkg-config --variable=libdir pvabi-neg",
			   prefix), 0);
	CU_ASSERT(strncmp(out, prefix, strlen(prefix)) == 0);
}

/* DESTDIR stages everything below it with PREFIX as the final place. */
static void test_destdir(void)
{
	char args[400], root[400];

	snprintf(args, sizeof(args), "DESTDIR='%s/stage' PREFIX=/opt/pvabi-test", dir);
	CU_ASSERT_EQUAL_FATAL(make_install(args), 0);
	snprintf(root, sizeof(root), "%s/stage/opt/pvabi-test", dir);
	expect_files(root);
	CU_ASSERT(access("/opt/pvabi-test", F_OK) != 0);
	CU_ASSERT_EQUAL(sh("grep -x 'prefix=/opt/pvabi-test' '%s/lib/pkgconfig/pvabi-neg.pc'", root), 0);
}

#define PC "PKG_CONFIG_PATH='%s/lib/pkgconfig' pkg-config"
#define ROUNDTRIP "'%s/cli/tests/install/roundtrip.c'"

/* The host library, shared (what -lpvabi-neg picks) and static. */
static void test_link_host(void)
{
	CU_ASSERT_EQUAL_FATAL(sh("cc -Wall -Werror -o '%s/rt' " ROUNDTRIP " $(" PC " --cflags --libs pvabi-neg)",
				 dir, pvabi_test_srcdir(), prefix), 0);
	CU_ASSERT_EQUAL(sh("readelf -d '%s/rt' | grep NEEDED", dir), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[libpvabi-neg.so.0]"));
	CU_ASSERT_EQUAL(sh("LD_LIBRARY_PATH='%s/lib' '%s/rt'", prefix, dir), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "negotiation round trip: 2.0, features 0x1"));
	CU_ASSERT_EQUAL_FATAL(sh("cc -Wall -Werror -static -o '%s/rt-static' " ROUNDTRIP
				 " $(" PC " --cflags pvabi-neg) '%s/lib/libpvabi-neg.a'",
				 dir, pvabi_test_srcdir(), prefix, prefix), 0);
	CU_ASSERT_EQUAL(sh("'%s/rt-static'", dir), 0);
}

/* A guest-kernel-shaped program per freestanding archive: no libc, its
 * own entry point; it exits 0 only after a full round trip. Returns 1
 * when it was linked but this kernel cannot execute it (a 32-bit program
 * on a kernel built without IA32 emulation: the shell answers 126). */
static int link_freestanding(const char *bits)
{
	int rc;

	CU_ASSERT_EQUAL(sh(PC " --variable=arch_cflags pvabi-neg-freestanding%s", prefix, bits), 0);
	CU_ASSERT(strncmp(out, "-m", 2) == 0 && strncmp(out + 2, bits, 2) == 0);
	CU_ASSERT_EQUAL_FATAL(sh("cc -m%s -DFREESTANDING -ffreestanding -fno-pie -no-pie -nostdlib -static "
				 "-fno-stack-protector -Wall -Werror -o '%s/rt%s' " ROUNDTRIP
				 " $(" PC " --cflags --libs pvabi-neg-freestanding%s)",
				 bits, dir, bits, pvabi_test_srcdir(), prefix, bits), 0);
	rc = sh("'%s/rt%s'", dir, bits);
	if (rc == 126 && strstr(out, "Exec format error"))
		return 1;
	CU_ASSERT_EQUAL(rc, 0);
	return 0;
}

static void test_link_freestanding(void)
{
	CU_ASSERT_EQUAL(link_freestanding("64"), 0);
	if (link_freestanding("32"))
		PVABI_SKIP("the 32-bit freestanding program links but this kernel cannot execute "
			   "32-bit x86 programs (no IA32 emulation): its round trip was not run");
}

/* The installed program checks a spec and registry of its own share/
 * directory from an unrelated directory, with nothing but PATH set. */
static void test_standalone(void)
{
	CU_ASSERT_EQUAL(sh("mkdir -p '%s/work' && cd '%s/work' && env -i PATH=/usr/bin:/bin '%s/bin/pvabi' check "
			   "--spec '%s/share/pvabi/platform.xml' --registry '%s/share/pvabi/ABI-VERSIONS.xml'",
			   dir, dir, prefix, prefix, prefix), 0);
	CU_ASSERT_EQUAL(sh("cd '%s/work' && '%s/bin/pvabi' show --spec '%s/share/pvabi/platform.xml' "
			   "--registry '%s/share/pvabi/ABI-VERSIONS.xml' --fingerprint",
			   dir, prefix, prefix, prefix), 0);
	CU_ASSERT_EQUAL(sh("cmp '%s/share/pvabi/calls.elf' '%s/guest/calls.elf'", prefix,
			   pvabi_test_builddir()), 0);
}

/* The same with the source tree (and the build inside it) hidden under an
 * empty mount, so nothing can be read from it. */
static void test_source_hidden(void)
{
	int rc;

	if (sh("unshare -m true"))
		PVABI_SKIP("cannot create a mount namespace here (unshare -m needs root)");
	rc = sh("cp '%s/spec/platform.xml' '%s/ABI-VERSIONS.xml' '%s/work/' && "
		"unshare -m sh -c \"mount -t tmpfs none '%s' && test ! -e '%s/ABI-VERSIONS.xml' && "
		"cd '%s/work' && '%s/bin/pvabi' check --spec platform.xml --registry ABI-VERSIONS.xml\"",
		pvabi_test_srcdir(), pvabi_test_srcdir(), dir, pvabi_test_srcdir(),
		pvabi_test_srcdir(), dir, prefix);
	if (rc)
		fprintf(stderr, "%s", out);
	CU_ASSERT_EQUAL(rc, 0);
}

/* Run inside a source tree, an installed pvabi takes the draft images
 * from the tree's default build (build/), not from beside itself. */
static void test_in_source_tree(void)
{
	char beside[400];

	snprintf(beside, sizeof(beside), "%s/bin/guest", prefix);
	sh("cd '%s' && '%s/bin/pvabi' matrix --list --engine-cmd 'true {image}'", pvabi_test_srcdir(),
	   prefix);
	/* Listed, or refused as not built yet when the tree's build/ holds
	 * no images (CI builds elsewhere with O=): either way the path named
	 * is the tree's build/guest/. */
	CU_ASSERT(strstr(out, "build/guest/pvp/") != NULL);
	CU_ASSERT_PTR_NULL(strstr(out, beside));
}

static void test_man_page(void)
{
	CU_ASSERT_EQUAL(sh("'%s/bin/pvabi' help --man | cmp - '%s/share/man/man1/pvabi.1'", prefix, prefix), 0);
	if (sh("command -v man") == 0) {
		CU_ASSERT_EQUAL(sh("MANWIDTH=80 MANPAGER=cat man -l '%s/share/man/man1/pvabi.1'", prefix), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "pvabi gate"));
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "EXIT STATUS"));
	} else if (sh("command -v groff") == 0) {
		CU_ASSERT_EQUAL(sh("groff -man -ww -Tutf8 '%s/share/man/man1/pvabi.1' >/dev/null", prefix), 0);
		CU_ASSERT_EQUAL(out[0], '\0'); /* no warning */
	} else {
		fprintf(stderr, "neither man nor groff here: only the page's header is checked\n");
		CU_ASSERT_EQUAL(sh("head -2 '%s/share/man/man1/pvabi.1' | grep '^\\.TH PVABI 1 '", prefix), 0);
	}
}

static void test_completion(void)
{
	const char *script = "share/bash-completion/completions/pvabi";

	CU_ASSERT_EQUAL(sh("bash -n '%s/%s'", prefix, script), 0);
	CU_ASSERT_EQUAL(sh("bash -c 'source \"%s/%s\"; COMP_WORDS=(pvabi ga); COMP_CWORD=1; _pvabi; "
			   "echo \"${COMPREPLY[*]}\"; complete -p pvabi'", prefix, script), 0);
	CU_ASSERT(strncmp(out, "gate\n", 5) == 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "-F _pvabi pvabi"));
}

static const struct pvabi_test_case cases[] = {
	{ "prefix", test_prefix },
	{ "destdir", test_destdir },
	{ "link_host", test_link_host },
	{ "link_freestanding", test_link_freestanding },
	{ "standalone", test_standalone },
	{ "source_hidden", test_source_hidden },
	{ "in_source_tree", test_in_source_tree },
	{ "man_page", test_man_page },
	{ "completion", test_completion },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "install", cases, setup, teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
