/* Finding and opening Xen builds. A compressed build is inflated into a
 * memfd that QEMU reads through /proc/self/fd: nothing reaches the disk,
 * so a run leaves nothing behind whatever ends it. */
#include "conformance/xen_build.h"
#include "util/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/wait.h>

int pvabi_xen_cache_dir(char *buf, size_t n)
{
	const char *env = getenv("PVABI_XEN_CACHE"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		snprintf(buf, n, "%s", env);
	else if (xdg && *xdg == '/')
		snprintf(buf, n, "%s/pvabi/xen", xdg);
	else if (home && *home == '/')
		snprintf(buf, n, "%s/.cache/pvabi/xen", home);
	else
		return -ENOENT;
	return 0;
}

static int cmp_release(const void *a, const void *b)
{
	return strverscmp(((const struct pvabi_xen_release *)a)->name,
			  ((const struct pvabi_xen_release *)b)->name);
}

int pvabi_xen_releases(struct pvabi_xen_release *out, int max)
{
	char dir[PATH_MAX - 64];
	struct dirent *de;
	DIR *d;
	int k = 0;

	if (pvabi_xen_cache_dir(dir, sizeof(dir)) || !(d = opendir(dir)))
		return 0;
	while (k < max && (de = readdir(d))) {
		/* ci/fetch-xen's half-done work starts with a dot */
		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(out[k].name))
			continue;
		if ((size_t)snprintf(out[k].path, sizeof(out[k].path), "%s/%s/xen", dir,
				     de->d_name) >= sizeof(out[k].path) ||
		    access(out[k].path, R_OK))
			continue;
		snprintf(out[k].name, sizeof(out[k].name), "%s", de->d_name);
		k++;
	}
	closedir(d);
	qsort(out, (size_t)k, sizeof(*out), cmp_release);
	return k;
}

int pvabi_xen_default(char *path, size_t n, char *why, size_t wn)
{
	struct pvabi_xen_release r[PVABI_XEN_MAX_RELEASES];
	const char *env = getenv("PVABI_XEN");
	char dir[PATH_MAX] = "?";
	int k;

	if (env && *env) {
		snprintf(path, n, "%s", env);
		return 0;
	}
	k = pvabi_xen_releases(r, PVABI_XEN_MAX_RELEASES);
	if (k > 0) {
		snprintf(path, n, "%s", r[k - 1].path);
		return 0;
	}
	pvabi_xen_cache_dir(dir, sizeof(dir));
	snprintf(why, wn, "no Xen build: none cached in %s (run ci/fetch-xen) and none named "
		 "(--xen PATH or PVABI_XEN)", dir);
	return -ENOENT;
}

/* The largest inflated image taken: Xen's own are a few MiB, a debug
 * build tens; an 8 MiB gzip of zeros inflated to 2 GiB of memory. */
#define PVABI_XEN_MAX_IMAGE (256u << 20)

/* A gzip file inflated into a new memfd by gzip itself (part of every
 * Debian system), reading fd; fd is closed. */
static int inflate_to_memfd(int fd, int *out, char *why, size_t wn, const char *path)
{
	int mfd = memfd_create("pvabi-xen", MFD_CLOEXEC), st = 0, rc = 0;
	pid_t pid;

	if (mfd < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	pid = fork();
	if (pid == 0) {
		/* a gzip bomb stops at the limit (SIGXFSZ), not when the
		 * memory is gone */
		struct rlimit lim = { PVABI_XEN_MAX_IMAGE, PVABI_XEN_MAX_IMAGE };

		signal(SIGXFSZ, SIG_DFL); /* not inherited ignored */
		if (dup2(fd, 0) < 0 || dup2(mfd, 1) < 0 || setrlimit(RLIMIT_FSIZE, &lim))
			_exit(127);
		execlp("gzip", "gzip", "-dc", (char *)NULL);
		_exit(127);
	}
	close(fd);
	if (pid < 0)
		rc = -errno;
	else
		while (waitpid(pid, &st, 0) < 0)
			if (errno != EINTR) {
				rc = -errno;
				break;
			}
	if (!rc && WIFSIGNALED(st) && WTERMSIG(st) == SIGXFSZ) {
		snprintf(why, wn, "Xen build %s: inflates past %u MiB, more than any Xen image",
			 path, PVABI_XEN_MAX_IMAGE >> 20);
		rc = -EFBIG;
	}
	if (!rc && (!WIFEXITED(st) || WEXITSTATUS(st))) {
		snprintf(why, wn, "Xen build %s: gzip -dc failed (%s %d)", path,
			 WIFEXITED(st) ? "exit" : "signal",
			 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		rc = -EINVAL;
	}
	if (rc) {
		close(mfd);
		return rc;
	}
	*out = mfd;
	return 0;
}

int pvabi_xen_open(const char *path, int *fd, char *why, size_t wn)
{
	unsigned char magic[4] = { 0 };
	char err[512];
	int f, rc;

	/* a FIFO would block the read below for ever; a device can act */
	if ((f = pvabi_file_open_regular(path, err, sizeof(err))) < 0) {
		snprintf(why, wn, "Xen build %s", err);
		return f;
	}
	if (pread(f, magic, sizeof(magic), 0) != (ssize_t)sizeof(magic)) {
		snprintf(why, wn, "Xen build %s: too short to be a Xen image", path);
		close(f);
		return -EINVAL;
	}
	if (magic[0] == 0x1f && magic[1] == 0x8b) {
		*why = '\0';
		rc = inflate_to_memfd(f, fd, why, wn, path);
		if (rc && !*why)
			snprintf(why, wn, "Xen build %s: %s", path, strerror(-rc));
		return rc;
	}
	if (memcmp(magic, "\177ELF", 4)) {
		snprintf(why, wn, "Xen build %s: neither an ELF nor gzip data", path);
		close(f);
		return -EINVAL;
	}
	*fd = f;
	return 0;
}

/* Xen prints its banner with this format; a kernel that is not Xen has
 * no reason to carry it. */
static int xen_banner(int fd)
{
	static const char banner[] = "Xen version %d.%d%s";
	struct stat st;
	void *p;
	int found;

	if (fstat(fd, &st) || st.st_size <= 0)
		return 0;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return 0;
	found = memmem(p, (size_t)st.st_size, banner, sizeof(banner) - 1) != NULL;
	munmap(p, (size_t)st.st_size);
	return found;
}

int pvabi_xen_check(int fd, const char *path, char *why, size_t wn)
{
	uint32_t w[2048];
	ssize_t n = pread(fd, w, sizeof(w), 0);
	size_t i;

	if (n < 4 || memcmp(w, "\177ELF", 4)) {
		snprintf(why, wn, "Xen build %s: not an ELF image", path);
		return -EINVAL;
	}
	for (i = 0; i + 2 < (size_t)n / 4; i++)
		if (w[i] == 0x1badb002u && w[i] + w[i + 1] + w[i + 2] == 0)
			break;
	if (i + 2 >= (size_t)n / 4) {
		snprintf(why, wn, "Xen build %s: no multiboot header in its first 8 KiB: not a Xen "
			 "image", path);
		return -EINVAL;
	}
	if (!xen_banner(fd)) {
		snprintf(why, wn, "Xen build %s: a multiboot kernel without Xen's version banner: "
			 "not a Xen image", path);
		return -EINVAL;
	}
	return 0;
}
