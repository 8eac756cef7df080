/* Names, explanations and the JSON record: exact output, and every
 * buffer too small is an error that writes nothing past the buffer. */
#include "negotiator/tests/neg_tests.h"

#include <stdlib.h>
#include <string.h>

static void answer_of(const char *guest, const char *platform, struct pvabi_neg_answer *ga,
		      struct pvabi_neg_profile *p)
{
	struct pvabi_neg_answer pa;
	struct pvabi_neg_session s;
	struct pvabi_neg_offer o;

	CU_ASSERT_FATAL(pvabi_neg_parse_guest(guest, &o, NULL) == 0);
	neg_profile(p, platform);
	pvabi_neg_session_init(&s);
	neg_exchange(&s, p, &o, &pa, ga, NULL);
}

static const char ok_json[] =
	"{\"side\":\"guest\",\"status\":\"OK\",\"revision\":\"2.1\",\"granted\":\"0x5\","
	"\"missing\":\"0x0\",\"guest_range\":[\"1.0\",\"2.1\"],\"platform_range\":[\"1.0\",\"2.1\"],"
	"\"guest_id\":\"0xabc\",\"platform_id\":\"0xffffffffffffffff\",\"defect\":null}";

static void test_json_exact(void)
{
	struct pvabi_neg_profile p;
	struct pvabi_neg_answer a;
	char buf[512];

	answer_of("1.0-2.1,req=1,opt=6,id=0xabc", "1.0-1.2,2.0-2.1,features=5,id=18446744073709551615",
		  &a, &p);
	CU_ASSERT_EQUAL(pvabi_neg_record_json("guest", &a, buf, sizeof(buf)), (int)strlen(ok_json));
	CU_ASSERT_STRING_EQUAL(buf, ok_json);

	answer_of("1.0-1.2", "2.0-2.1,2.3", &a, &p);
	CU_ASSERT(pvabi_neg_record_json("platform", &a, buf, sizeof(buf)) > 0);
	CU_ASSERT_STRING_EQUAL(buf,
		"{\"side\":\"platform\",\"status\":\"NO_COMMON_REVISION\",\"revision\":null,"
		"\"granted\":\"0x0\",\"missing\":\"0x0\",\"guest_range\":[\"1.0\",\"1.2\"],"
		"\"platform_range\":[\"2.0\",\"2.3\"],\"guest_id\":\"0x0\",\"platform_id\":\"0x0\","
		"\"defect\":null}");

	memset(&a, 0, sizeof(a));
	a.status = PVABI_NEG_MALFORMED;
	a.defect = PVABI_NEG_DEFECT_IN_ANSWER | PVABI_NEG_DEFECT_INCONSISTENT;
	CU_ASSERT(pvabi_neg_record_json("guest", &a, buf, sizeof(buf)) > 0);
	CU_ASSERT(strstr(buf, "\"status\":\"MALFORMED\",\"revision\":null,") != NULL);
	CU_ASSERT(strstr(buf, "\"defect\":\"answer:inconsistent\"}") != NULL);
	a.defect = PVABI_NEG_DEFECT_BAD_MAGIC;
	CU_ASSERT(pvabi_neg_record_json("guest", &a, buf, sizeof(buf)) > 0);
	CU_ASSERT(strstr(buf, "\"defect\":\"offer:bad-magic\"}") != NULL);

	CU_ASSERT_EQUAL(pvabi_neg_record_json("runner", &a, buf, sizeof(buf)), PVABI_NEG_EINVAL);
	CU_ASSERT_EQUAL(pvabi_neg_record_json("gues", &a, buf, sizeof(buf)), PVABI_NEG_EINVAL);
	CU_ASSERT_EQUAL(pvabi_neg_record_json("guests", &a, buf, sizeof(buf)), PVABI_NEG_EINVAL);
}

/* Each cap below the length + NUL fails, in an exactly-sized heap buffer;
 * the output is then a NUL-terminated prefix. */
static void sweep(int (*fmt)(const struct pvabi_neg_answer *, char *, size_t),
		  const struct pvabi_neg_answer *a, const char *want)
{
	size_t n = strlen(want), cap;
	int bad = 0;
	char *b;

	for (cap = 0; cap <= n + 1; cap++) {
		b = malloc(cap ? cap : 1);
		if (fmt(a, b, cap) != (cap == n + 1 ? (int)n : PVABI_NEG_ENOSPC))
			bad++;
		else if (cap && (strlen(b) != cap - 1 || strncmp(b, want, cap - 1)))
			bad++;
		free(b);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static int json_guest(const struct pvabi_neg_answer *a, char *b, size_t cap)
{
	return pvabi_neg_record_json("guest", a, b, cap);
}

static const struct pvabi_neg_profile *sweep_profile;

static int explain_p(const struct pvabi_neg_answer *a, char *b, size_t cap)
{
	return pvabi_neg_explain(a, sweep_profile, b, cap);
}

static void test_too_small(void)
{
	struct pvabi_neg_profile p;
	struct pvabi_neg_answer a;
	char buf[512];

	answer_of("1.0-2.1,req=1,opt=6,id=0xabc", "1.0-1.2,2.0-2.1,features=5,id=18446744073709551615",
		  &a, &p);
	sweep(json_guest, &a, ok_json);
	answer_of("1.0-1.2", "2.0-2.1,2.3", &a, &p);
	sweep_profile = &p;
	CU_ASSERT(pvabi_neg_explain(&a, &p, buf, sizeof(buf)) > 0);
	sweep(explain_p, &a, buf);
	CU_ASSERT_EQUAL(pvabi_neg_rev_format(R(65535, 65535), buf, 12), 11);
	CU_ASSERT_STRING_EQUAL(buf, "65535.65535");
	CU_ASSERT_EQUAL(pvabi_neg_rev_format(R(65535, 65535), buf, 11), PVABI_NEG_ENOSPC);
	CU_ASSERT_STRING_EQUAL(buf, "65535.6553");
	CU_ASSERT_EQUAL(pvabi_neg_rev_format(R(0, 0), buf, 0), PVABI_NEG_ENOSPC);
}

static void expect_explain(const char *guest, const char *platform, int with_profile,
			   const char *want)
{
	struct pvabi_neg_profile p;
	struct pvabi_neg_answer a;
	char buf[512];

	answer_of(guest, platform, &a, &p);
	CU_ASSERT(pvabi_neg_explain(&a, with_profile ? &p : NULL, buf, sizeof(buf)) > 0);
	CU_ASSERT_STRING_EQUAL(buf, want);
}

static void test_explain(void)
{
	struct pvabi_neg_session s;
	struct pvabi_neg_profile p;
	struct pvabi_neg_answer a;
	struct pvabi_neg_offer o = { R(1, 0), R(1, 0), 0, 0, 0 };
	uint8_t req[40], resp[72];
	char buf[512];

	expect_explain("1.0-1.2", "2.0-2.1,2.3,3.0-3.1", 1,
		       "no common revision: guest offers 1.0-1.2, platform serves 2.0-3.1 (holes: 2.2)");
	expect_explain("1.0-1.2", "2.0-2.1,2.3,3.0-3.1", 0,
		       "no common revision: guest offers 1.0-1.2, platform serves 2.0-3.1");
	expect_explain("2.2", "2.0,2.3-2.5,2.7", 1,
		       "no common revision: guest offers 2.2, platform serves 2.0-2.7 (holes: 2.1, 2.2, 2.6)");
	expect_explain("1.0-2.1,req=1,opt=6", "1.0-1.2,2.0-2.1,features=5", 1,
		       "negotiated revision 2.1 with features 0x5: guest offers 1.0-2.1, "
		       "platform serves 1.0-2.1");
	expect_explain("1.0-1.1,req=0x7", "1.0:0x1,1.1:0x3,features=0x1", 1,
		       "missing required features 0x6: the platform cannot grant them at revision "
		       "1.1, the highest both serve; guest offers 1.0-1.1, platform serves 1.0-1.1");

	neg_profile(&p, "1.0:0x3");
	pvabi_neg_session_init(&s);
	o.optional = 0x3;
	neg_exchange(&s, &p, &o, &a, &a, NULL);
	neg_exchange(&s, &p, &o, &a, &a, NULL);
	CU_ASSERT(pvabi_neg_explain(&a, &p, buf, sizeof(buf)) > 0);
	CU_ASSERT_STRING_EQUAL(buf, "already negotiated: this session keeps revision 1.0 with "
				    "features 0x3 agreed earlier");

	pvabi_neg_offer_encode(&o, req, sizeof(req));
	req[6] = 12;
	pvabi_neg_session_init(&s);
	pvabi_neg_platform_serve(&s, &p, req, sizeof(req), resp, sizeof(resp), &a);
	CU_ASSERT(pvabi_neg_explain(&a, &p, buf, sizeof(buf)) > 0);
	CU_ASSERT_STRING_EQUAL(buf, "malformed offer: the platform rejected the guest's offer "
				    "(bad-size): size smaller than layout 0 or wrong for its layout");
	resp[20] = 1;
	pvabi_neg_guest_accept(&o, resp, sizeof(resp), &a);
	CU_ASSERT(pvabi_neg_explain(&a, NULL, buf, sizeof(buf)) > 0);
	CU_ASSERT_STRING_EQUAL(buf, "malformed answer: the guest rejected the platform's answer "
				    "(reserved-nonzero): a reserved field is not zero");
}

static void test_names(void)
{
	CU_ASSERT_STRING_EQUAL(pvabi_neg_status_name(PVABI_NEG_OK), "OK");
	CU_ASSERT_STRING_EQUAL(pvabi_neg_status_name(PVABI_NEG_NO_COMMON_REVISION), "NO_COMMON_REVISION");
	CU_ASSERT_STRING_EQUAL(pvabi_neg_status_name(PVABI_NEG_MISSING_REQUIRED_FEATURES),
			       "MISSING_REQUIRED_FEATURES");
	CU_ASSERT_STRING_EQUAL(pvabi_neg_status_name(PVABI_NEG_ALREADY_NEGOTIATED), "ALREADY_NEGOTIATED");
	CU_ASSERT_STRING_EQUAL(pvabi_neg_status_name(PVABI_NEG_MALFORMED), "MALFORMED");
	CU_ASSERT_STRING_EQUAL(pvabi_neg_status_name(5), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(pvabi_neg_status_name(0xffffffffu), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(pvabi_neg_defect_name(PVABI_NEG_DEFECT_TRUNCATED), "truncated");
	CU_ASSERT_STRING_EQUAL(pvabi_neg_defect_name(PVABI_NEG_DEFECT_IN_ANSWER |
						     PVABI_NEG_DEFECT_BAD_LAYOUT), "bad-layout");
	CU_ASSERT_STRING_EQUAL(pvabi_neg_defect_name(99), "unknown");
	CU_ASSERT_STRING_EQUAL(pvabi_neg_error_str(PVABI_NEG_ESPAN),
			       "range spans majors (list each major's range)");
	CU_ASSERT_STRING_EQUAL(pvabi_neg_error_str(-99), "unknown error");
}

const struct pvabi_test_case text_cases[] = {
	{ "json_exact", test_json_exact },
	{ "too_small_buffers", test_too_small },
	{ "explain", test_explain },
	{ "names", test_names },
	{ NULL, NULL },
};
