#include "fuzz/fuzz.h"

#include "abi/load.h"
#include "conformance/tapparse.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Generated from spec/platform.xml and ABI-VERSIONS.xml by mk/embed.sh. */
extern const char pvabi_fuzz_spec_xml[];
extern const unsigned long pvabi_fuzz_spec_xml_len;
extern const char pvabi_fuzz_registry_xml[];
extern const unsigned long pvabi_fuzz_registry_xml_len;

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: broken promise: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

const char *fuzz_memfile(const void *data, size_t size)
{
	static char path[64];
	static int fd = -1;

	if (fd < 0) {
		fd = memfd_create("pvabi-fuzz", 0);
		if (fd < 0)
			fuzz_fail("memfd_create failed");
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		fuzz_fail("cannot write the in-memory file");
	return path;
}

FILE *fuzz_sink(void)
{
	static FILE *f;

	if (!f && !(f = fopen("/dev/null", "w")))
		fuzz_fail("cannot open /dev/null");
	return f;
}

static void check_utf8(const char *s, size_t n, const char *what)
{
	size_t i = 0, k;

	while (i < n) {
		k = pvabi_utf8_len(s + i, n - i);
		if (!k)
			fuzz_fail("%s: invalid UTF-8 at byte %zu of %zu", what, i, n);
		i += k;
	}
}

void fuzz_check_json(void (*write)(FILE *f, const void *arg), const void *arg,
		     const char *what)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (!f)
		fuzz_fail("open_memstream failed");
	write(f, arg);
	if (fclose(f))
		fuzz_fail("%s: cannot write into memory", what);
	check_utf8(buf, n, what);
	if (pvabi_json_object_get(buf, n, NULL, NULL, 0) < 0)
		fuzz_fail("%s: not one valid JSON object:\n%.*s", what, (int)(n < 4096 ? n : 4096), buf);
	free(buf);
}

const struct pvabi_spec *fuzz_ref_spec(void)
{
	static struct pvabi_spec *s;
	struct pvabi_diags d = { 0 };

	if (!s) {
		s = pvabi_spec_load_mem(pvabi_fuzz_spec_xml, pvabi_fuzz_spec_xml_len,
					"spec/platform.xml", &d);
		if (!s) {
			pvabi_diag_print(&d, stderr);
			fuzz_fail("the embedded reference spec does not load");
		}
		pvabi_diag_free(&d);
	}
	return s;
}

const struct pvabi_registry *fuzz_ref_registry(void)
{
	static struct pvabi_registry *r;
	struct pvabi_diags d = { 0 };

	if (!r) {
		r = pvabi_registry_load(fuzz_memfile(pvabi_fuzz_registry_xml,
						     pvabi_fuzz_registry_xml_len), &d);
		if (!r) {
			pvabi_diag_print(&d, stderr);
			fuzz_fail("the embedded reference registry does not load");
		}
		pvabi_diag_free(&d);
	}
	return r;
}
