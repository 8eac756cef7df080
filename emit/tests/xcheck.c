/* The crosscheck fixture of the system-header tests (xcheck.h). */
#include "emit/tests/xcheck.h"
#include "abi/load.h"
#include "emit/emit.h"
#include "tests/fixtures.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pvabi_spec *xc_load(const struct xc *x, const char *from, const char *to)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = NULL;
	char *text, *at, *edited = NULL;
	size_t len;

	text = fx_read(pvabi_test_path(pvabi_test_srcdir(), x->spec_name), &len);
	at = text && from ? strstr(text, from) : NULL;
	if (text && from && !at)
		printf("\n  %s does not contain %s\n", x->spec_name, from);
	else if (text)
		edited = malloc(len + (to ? strlen(to) : 0) + 1);
	if (edited && at)
		sprintf(edited, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	else if (edited)
		memcpy(edited, text, len + 1);
	if (edited)
		s = pvabi_spec_load_mem(edited, strlen(edited), x->spec_name, &d);
	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	free(edited);
	free(text);
	return s;
}

int xc_begin(struct xc *x, const char *tag)
{
	snprintf(x->dir, sizeof(x->dir), "/tmp/pvabi-%s-XXXXXX", tag);
	return mkdtemp(x->dir) ? 0 : -1;
}

int xc_end(const struct xc *x)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", x->dir);
	return system(cmd) == 0 ? 0 : -1;
}

int xc_write_main(const struct xc *x, const char *includes)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/main.c", x->dir);
	if (!(f = fopen(path, "w")))
		return -1;
	fprintf(f, "%s#include \"%s\"\n", includes, x->header);
	return fclose(f);
}

int xc_gen(const struct xc *x, const struct pvabi_spec *s, int rev)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_gen g = { .spec = s, .spec_name = x->spec_name, .rev = rev,
			       .outdir = x->dir, .d = &d };
	int rc = pvabi_emit_crosscheck(&g);

	if (rc)
		pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	return rc;
}

int xc_compile(const struct xc *x, enum pvabi_mode m, const char *flags, char *out,
	       size_t cap)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "gcc %s -std=gnu11 -fsyntax-only %s -I%s %s/main.c 2>&1",
		 m == PVABI_MODE_X86_32 ? "-m32" : "-m64", flags, x->dir, x->dir);
	return fx_run(cmd, out, cap, NULL);
}

size_t xc_assertions(const struct xc *x)
{
	char path[128], *text, *p;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/%s", x->dir, x->header);
	text = fx_read(path, NULL);
	for (p = text; p && (p = strstr(p, "\nPVABI_XC(")); p++)
		n++;
	free(text);
	return n;
}
