/* Set-up and the records the platform keeps: the negotiation record,
 * the log and console capture, the shutdown reason, refused options. */
#include "platform/pvp/tests/pvp_env.h"

#include <errno.h>
#include <string.h>

static void test_negotiation_record(void)
{
	pt_start(R(1, 2), ALL, 1);
	CU_ASSERT_TRUE(pt.answered);
	CU_ASSERT_EQUAL(pt.answer.status, PVABI_NEG_OK);
	CU_ASSERT_EQUAL(pt.answer.chosen, R(1, 2));
	CU_ASSERT_EQUAL(pt.answer.granted, pvp_window_features[2]);
	/* a second offer is answered, and the first agreement stays */
	CU_ASSERT_EQUAL(pvp_test_negotiate(&pt, NEG_AT, R(2, 0), R(2, 0), 0), PVABI_NEG_ALREADY_NEGOTIATED);
	CU_ASSERT_EQUAL(pt.answer.status, PVABI_NEG_ALREADY_NEGOTIATED);
	CU_ASSERT_EQUAL(pt.st.rev, R(1, 2));
	CU_ASSERT_TRUE(pt.agreed_valid);
	CU_ASSERT_EQUAL(pt.agreed.chosen, R(1, 2));
	/* buffers outside guest memory: EFAULT, nothing recorded */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_NEGOTIATE, 2, U(MEM - 8), U(NEG_AT)), PVP_EFAULT);
}


static void test_log_capture(void)
{
	pt_start(R(1, 0), 0, 1);
	memcpy(pt_mem.mem + BUF, "hello\n", 6);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_CONSOLE_WRITE, 2, U(6), U(BUF)), 6);
	CU_ASSERT_STRING_EQUAL(pt_log.buf, "hello\n"); /* unchanged */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_CONSOLE_WRITE, 2, U(1025), U(BUF)), PVP_E2BIG);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_CONSOLE_WRITE, 2, U(8), U(MEM - 4)), PVP_EFAULT);
	CU_ASSERT_EQUAL(pt_log.calls, 1);

	pt_start(R(1, 2), 0, 1);
	memcpy(pt_mem.mem + BUF, "boot ok\n", 8);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_LOG_WRITE, 3, U(6), U(8), U(BUF)), 8);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_LOG_WRITE, 3, U(3), U(4), U(BUF)), 4);
	CU_ASSERT_STRING_EQUAL(pt_log.buf, "[pvp vcpu0 info] boot ok\n[pvp vcpu0 error] boot\n");
	CU_ASSERT_EQUAL(pt_log.calls, 2); /* one sink call per record */
	CU_ASSERT_EQUAL(pt_call(PVP_OP_LOG_WRITE, 3, U(6), U(4097), U(BUF)), PVP_E2BIG);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_LOG_WRITE, 3, U(8), U(1), U(BUF)), PVP_EINVAL);
	CU_ASSERT_EQUAL(pt_log.calls, 2);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_CONSOLE_WRITE, 2, U(1), U(BUF)), 1); /* deprecated, served */

	pt_start(R(2, 0), 0, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_CONSOLE_WRITE, 2, U(1), U(BUF)), PVP_EREMOVED);
}

static void test_shutdown_reason(void)
{
	pt_start(R(1, 0), 0, 1);
	CU_ASSERT_EQUAL(pt.shutdown_reason, -1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SHUTDOWN, 1, U(2)), PVP_EINVAL); /* crash is 1.1 */
	CU_ASSERT_EQUAL(pt.shutdown_reason, -1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SHUTDOWN, 1, U(1)), 0);
	CU_ASSERT_EQUAL(pt.shutdown_reason, 1);
	pt_start(R(1, 3), 0, 1);
	CU_ASSERT_EQUAL(pt_call(PVP_OP_SHUTDOWN, 1, U(3)), 0);
	CU_ASSERT_EQUAL(pt.shutdown_reason, 3);
}


static void test_init_refusals(void)
{
	struct pvp_options o = { NULL, NULL, PVP_MAX_VCPUS + 1, 0, NULL, NULL, 0, 0 };
	struct pvabi_neg_profile p;
	struct pvp_ctx x;

	CU_ASSERT_EQUAL_FATAL(pvp_test_window_profile(&p), 0);
	CU_ASSERT_EQUAL(pvp_platform_init(&x, NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(pvp_platform_init(&x, &p, &o), -EINVAL);
	o.nvcpus = 1;
	o.guest_bits = 48;
	CU_ASSERT_EQUAL(pvp_platform_init(&x, &p, &o), -EINVAL);
	CU_ASSERT_EQUAL(pvp_platform_init(&x, &p, NULL), 0);
	CU_ASSERT_EQUAL(x.shutdown_reason, -1);
	CU_ASSERT_FALSE(x.answered);
	pvp_platform_fini(&x);
}

const struct pvabi_test_case pvp_platform_cases[] = {
	{ "negotiation_record", test_negotiation_record },
	{ "log_capture", test_log_capture },
	{ "shutdown_reason", test_shutdown_reason },
	{ "init_refusals", test_init_refusals },
	{ NULL, NULL },
};
