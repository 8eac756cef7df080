/* Running the VMM tests' guests (vmm_fixture.h). */
#include "platform/vmm/tests/vmm_fixture.h"
#include "util/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char fx_con[65536];
size_t fx_con_len;

void fx_sink(void *ctx, const char *buf, size_t n)
{
	(void)ctx;
	if (fx_con_len + n < sizeof(fx_con)) {
		memcpy(fx_con + fx_con_len, buf, n);
		fx_con_len += n;
		fx_con[fx_con_len] = '\0';
	}
}

static int kvm_state = -1; /* -1 unknown, 0 unusable, 1 usable */
char fx_kvm_why[200];

int fx_kvm_usable(void)
{
	if (kvm_state < 0)
		kvm_state = pvabi_vm_probe(fx_kvm_why, sizeof(fx_kvm_why)) == 0;
	return kvm_state;
}

void fx_cfg_init(struct pvabi_vm_config *cfg, const void *img, size_t len)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->image_data = img;
	cfg->image_size = len;
	cfg->timeout_ms = 5000;
	cfg->console = fx_sink;
	fx_con_len = 0;
	fx_con[0] = '\0';
}

int fx_run_cfg(struct pvabi_vm_config *cfg, struct pvabi_vm_result *res)
{
	int rc = pvabi_vm_run(cfg, res);

	if (getenv("PVABI_TEST_VERBOSE"))
		printf("\n    -> %s 0x%x: %s (%llu exits)\n", pvabi_vm_outcome_name(res->outcome),
		       res->exit_value, res->reason, (unsigned long long)res->exits.total);
	return rc;
}

enum pvabi_vm_outcome fx_run_code(const struct code *c, const struct opts *o,
				  struct pvabi_vm_result *res)
{
	struct pvabi_vm_config cfg;

	fx_cfg_init(&cfg, img_buf, img_guest(c, o));
	fx_run_cfg(&cfg, res);
	return res->outcome;
}

void fx_tmp_template(char *buf, size_t n, const char *name)
{
	const char *d = getenv("TMPDIR");

	snprintf(buf, n, "%s/%s-XXXXXX", d && *d ? d : "/tmp", name);
}

const char *fx_build_path(const char *rel)
{
	return pvabi_test_path(pvabi_test_builddir(), rel);
}

uint8_t *fx_slurp(const char *path, size_t *len)
{
	struct pvabi_file_buf b;

	if (pvabi_file_read(path, 64u << 20, 0, &b, NULL, 0))
		return NULL;
	*len = b.len;
	return (uint8_t *)b.data;
}
