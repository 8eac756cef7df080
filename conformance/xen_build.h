/* Xen builds the `xen` engine boots: the releases ci/fetch-xen cached
 * (Debian's packages, one directory per release holding `xen`), or a
 * build the user names (--xen PATH, a platform entry, PVABI_XEN): an ELF
 * or a gzip-compressed xen.gz as Xen's own build leaves it. */
#ifndef PVABI_XEN_BUILD_H
#define PVABI_XEN_BUILD_H

#include <limits.h>
#include <stddef.h>

#define PVABI_XEN_MAX_RELEASES 16

struct pvabi_xen_release {
	char name[32];       /* "4.17.7": the cache directory's name */
	char path[PATH_MAX]; /* its hypervisor */
};

/* $PVABI_XEN_CACHE, else $XDG_CACHE_HOME/pvabi/xen, else
 * ~/.cache/pvabi/xen (as ci/fetch-xen). 0, or -ENOENT without a home. */
int pvabi_xen_cache_dir(char *buf, size_t n);
/* The cached releases, oldest first (version order): how many, at most
 * max. 0 when the cache is absent or empty. */
int pvabi_xen_releases(struct pvabi_xen_release *out, int max);
/* The build to use without a choice: PVABI_XEN, else the newest cached
 * release. 0, or -ENOENT with a sentence saying how to get one. */
int pvabi_xen_default(char *path, size_t n, char *why, size_t wn);
/* An fd (close-on-exec) holding the Xen ELF to boot: the file itself,
 * or a memfd with a gzip file decompressed (no file is written). 0, or
 * a negative errno with the path and the reason in why. */
int pvabi_xen_open(const char *path, int *fd, char *why, size_t wn);
/* Whether the ELF behind fd (from pvabi_xen_open) is a Xen QEMU can
 * boot: an ELF with a multiboot header (magic, flags and checksum
 * summing to 0, 4-byte aligned) in its first 8 KiB, as the multiboot
 * specification requires, and Xen's version banner. 0, or -EINVAL with
 * the path and the reason in why. */
int pvabi_xen_check(int fd, const char *path, char *why, size_t wn);

#endif
