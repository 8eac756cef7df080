/* Runs refused before /dev/kvm is opened: a bad or oversized image, a
 * missing or special file, and every configuration check. */
#include "platform/vmm/tests/vmm_fixture.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Rejections through pvabi_vm_run: before /dev/kvm is even opened. */
static void test_run_rejects(void)
{
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	char path[4096];
	uint8_t *huge;
	size_t len;
	int fd;

	fx_tmp_template(path, sizeof(path), "pvabi-vm-test");
	len = img_build(img_buf, img_tiny, sizeof(img_tiny), &MB32);
	img_buf[EI_CLASS] = 7;
	fx_cfg_init(&cfg, img_buf, len);
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -ENOEXEC);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_IMAGE_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "EI_CLASS 7"));

	huge = calloc(1, PVABI_VM_MAX_IMAGE + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(huge);
	len = img_build(huge, img_tiny, sizeof(img_tiny), &MB32);
	fx_cfg_init(&cfg, huge, PVABI_VM_MAX_IMAGE + 1);
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EFBIG);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_IMAGE_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "16 MiB"));
	free(huge);

	fx_cfg_init(&cfg, NULL, 0);
	cfg.image = "/nonexistent/pvabi/image.elf";
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -ENOENT);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_IMAGE_INVALID);
	cfg.image = "/";
	CU_ASSERT_TRUE(pvabi_vm_run(&cfg, &res) < 0);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_IMAGE_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "not a regular file"));

	fd = mkstemp(path);
	CU_ASSERT_TRUE_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(ftruncate(fd, PVABI_VM_MAX_IMAGE + 1), 0); /* sparse */
	cfg.image = path;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EFBIG);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_IMAGE_INVALID);
	CU_ASSERT_EQUAL(ftruncate(fd, 0), 0);
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -ENOEXEC);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_IMAGE_INVALID);
	close(fd);
	unlink(path);
}

static int nop_doorbell(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value)
{
	(void)vcpu;
	(void)ctx;
	(void)mem;
	(void)size;
	(void)value;
	return 0;
}

static void test_config(void)
{
	struct pvabi_vm_ioport ports[2] = { { 0x500, 4, NULL, NULL, NULL }, { 0x502, 1, NULL, NULL, NULL } };
	static char longline[PVABI_VM_MAX_CMDLINE + 2];
	struct pvabi_vm_config cfg;
	struct pvabi_vm_result res;
	size_t len = img_build(img_buf, img_tiny, sizeof(img_tiny), &MB32);
	size_t bad_mem[] = { 1u << 20, PVABI_VM_DEFAULT_MEM + 1, (size_t)PVABI_VM_MAX_MEM + 4096 };
	size_t i;

	CU_ASSERT_EQUAL(pvabi_vm_run(NULL, &res), -EINVAL);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_CONFIG_INVALID);
	fx_cfg_init(&cfg, img_buf, len);
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, NULL), -EINVAL);
	cfg.image_data = NULL;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_CONFIG_INVALID);

	for (i = 0; i < sizeof(bad_mem) / sizeof(bad_mem[0]); i++) {
		fx_cfg_init(&cfg, img_buf, len);
		cfg.mem_size = bad_mem[i];
		CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
		CU_ASSERT_EQUAL(res.outcome, PVABI_VM_CONFIG_INVALID);
	}
	fx_cfg_init(&cfg, img_buf, len);
	memset(longline, 'x', sizeof(longline) - 1);
	cfg.cmdline = longline;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "command line"));

	fx_cfg_init(&cfg, img_buf, len);
	cfg.timeout_ms = PVABI_VM_MAX_TIMEOUT_MS + 1;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);

	fx_cfg_init(&cfg, img_buf, len);
	cfg.console_coalesce = (enum pvabi_vm_coalesce)7;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);

	fx_cfg_init(&cfg, img_buf, len);
	cfg.doorbell = nop_doorbell;
	cfg.doorbell_port = 0xf4;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	cfg.doorbell_port = 0x3fd;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);

	fx_cfg_init(&cfg, img_buf, len);
	cfg.ports = ports;
	cfg.nports = 2;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "overlap"));
	ports[1].base = 0xfff0;
	ports[1].count = 0x20;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	ports[1].base = 0x3f0;
	ports[1].count = 0x10;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	ports[1].count = 0;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	cfg.nports = PVABI_VM_MAX_PORTS + 1;
	CU_ASSERT_EQUAL(pvabi_vm_run(&cfg, &res), -EINVAL);
	CU_ASSERT_EQUAL(res.outcome, PVABI_VM_CONFIG_INVALID);
}

const struct pvabi_test_case vmm_config_cases[] = {
	{ "run rejects before KVM", test_run_rejects },
	{ "configuration", test_config },
	{ NULL, NULL },
};
