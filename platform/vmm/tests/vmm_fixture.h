/* Shared by the VMM tests: running a guest with its console captured,
 * skipping where /dev/kvm is unusable, paths and files. */
#ifndef PVABI_VMM_TEST_FIXTURE_H
#define PVABI_VMM_TEST_FIXTURE_H

#include "platform/vmm/tests/vmm_image.h"
#include "platform/vmm/vmm.h"
#include "tests/harness.h"

#include <stdio.h>

/* The console of the last run (fx_cfg_init empties it). */
extern char fx_con[65536];
extern size_t fx_con_len;
void fx_sink(void *ctx, const char *buf, size_t n);

/* Whether /dev/kvm can run a guest; the reason in fx_kvm_why if not. */
int fx_kvm_usable(void);
extern char fx_kvm_why[200];

#define NEED_KVM()                                                               \
	do {                                                                     \
		char m_[300];                                                    \
		if (!fx_kvm_usable()) {                                          \
			snprintf(m_, sizeof(m_), "no usable /dev/kvm: %s", fx_kvm_why); \
			PVABI_SKIP(m_);                                          \
		}                                                                \
	} while (0)

/* A configuration of the image at img/len with a 5 s timeout and the
 * console captured into fx_con. */
void fx_cfg_init(struct pvabi_vm_config *cfg, const void *img, size_t len);
/* pvabi_vm_run, printing the result when PVABI_TEST_VERBOSE is set. */
int fx_run_cfg(struct pvabi_vm_config *cfg, struct pvabi_vm_result *res);
/* Runs a built guest; returns the outcome. */
enum pvabi_vm_outcome fx_run_code(const struct code *c, const struct opts *o,
				  struct pvabi_vm_result *res);
/* A mkstemp template in the temporary directory. */
void fx_tmp_template(char *buf, size_t n, const char *name);
const char *fx_build_path(const char *rel);
/* The whole file, malloc'ed; NULL when it cannot be read. */
uint8_t *fx_slurp(const char *path, size_t *len);

/* The suites' cases, one file each. */
extern const struct pvabi_test_case vmm_image_cases[];
extern const struct pvabi_test_case vmm_note_cases[];
extern const struct pvabi_test_case vmm_config_cases[];
extern const struct pvabi_test_case vmm_boot_cases[];
extern const struct pvabi_test_case vmm_device_cases[];
extern const struct pvabi_test_case vmm_irq_cases[];
extern const struct pvabi_test_case vmm_cli_cases[];
extern const struct pvabi_test_case vmm_kvmpv_cases[];
extern const struct pvabi_test_case vmm_kvmclock_cases[];

#endif
