/* Input partitions: the probes derived from the reference spec's
 * declarations (the buffer grown, stripped or cut, the count following
 * it, set members or-ed and named, the expectation read with the probe's
 * values), and declarations built here for the cases it lacks. */
#include "abi/partition.h"
#include "tests/refspec.h"
#include "abi/tests/spec_tests.h"

#include <stdio.h>
#include <string.h>

static const struct pvabi_partition *find(const struct pvabi_op *op, const char *name, int rev)
{
	size_t i;

	for (i = 0; i < op->nparts; i++)
		if (!strcmp(op->parts[i].name, name) && pvabi_part_exists(op, &op->parts[i], rev))
			return &op->parts[i];
	return NULL;
}

/* Probe k of the partition named in rev: 0 with its args and expect. */
static int derive(const struct pvabi_spec *s, const char *opn, const char *name, const char *rev,
		  size_t k, struct pvabi_part_probe *pr)
{
	const struct pvabi_op *op = &s->ops[pvabi_spec_op(s, opn)];
	int r = pvabi_spec_rev(s, rev);
	const struct pvabi_partition *p = find(op, name, r);
	char err[256];

	if (!p)
		return -2;
	return pvabi_part_derive(s, op, p, r, k, pr, err, sizeof(err));
}

static void test_reference(void)
{
	struct pvabi_spec *s;
	struct pvabi_registry *reg;
	struct pvabi_part_probe pr;

	CU_ASSERT_EQUAL_FATAL(pvabi_test_refspec_load(&s, &reg), 0);
	CU_ASSERT_EQUAL(derive(s, "log_write", "trailing_newline", "1.2", 0, &pr), 0);
	CU_ASSERT_STRING_EQUAL(pr.args, "level=info len=6 buf='hello\\n'");
	CU_ASSERT_STRING_EQUAL(pr.expect, "ret=6");
	CU_ASSERT_EQUAL(pr.v.ret, 6);
	CU_ASSERT_EQUAL(derive(s, "log_write", "only_newline", "2.1", 0, &pr), 0);
	CU_ASSERT_STRING_EQUAL(pr.args, "level=info len=1 buf='\\n'");
	CU_ASSERT_EQUAL(derive(s, "log_write", "inner_newline", "1.3", 0, &pr), 0);
	CU_ASSERT_STRING_EQUAL(pr.args, "level=info len=6 buf='he\\nllo'");
	CU_ASSERT_EQUAL(derive(s, "log_write", "every_level", "1.2", 4, &pr), 0);
	CU_ASSERT_STRING_EQUAL(pr.args, "level=debug len=5 buf='hello'");
	/* a case before its op exists has no probe to derive */
	CU_ASSERT_EQUAL(derive(s, "log_write", "trailing_newline", "1.1", 0, &pr), -2);
	CU_ASSERT_EQUAL(derive(s, "console_write", "nul_inside", "1.0", 0, &pr), 0);
	CU_ASSERT_STRING_EQUAL(pr.args, "len=6 buf='he\\x00llo'");
	CU_ASSERT_EQUAL(derive(s, "set_timer", "cancel_any_flags", "1.2", 3, &pr), 0);
	CU_ASSERT_STRING_EQUAL(pr.args, "deadline_ns=0 flags=relative|future");
	CU_ASSERT_EQUAL(pr.v.args[1].value, 3);
	CU_ASSERT_EQUAL(derive(s, "set_timer", "past_refused_coarse", "2.0", 0, &pr), 0);
	CU_ASSERT(pr.v.is_error);
	/* no expect: the base vector's, every output check with it */
	CU_ASSERT_EQUAL(derive(s, "evtchn_status", "free_port", "1.1", 0, &pr), 0);
	CU_ASSERT_EQUAL(pr.v.nchecks, 6);
	CU_ASSERT_EQUAL(pr.v.args[0].value, 1023);
	pvabi_test_refspec_free(s, reg);
}

/* Declarations the reference lacks: an expression of the input, bytes
 * removed, bytes inserted into an empty buffer, and no base call. */
static void test_built(void)
{
	struct pvabi_spec *s;
	struct pvabi_registry *reg;
	struct pvabi_part_probe pr;
	struct pvabi_partition p;
	const struct pvabi_op *op;
	char err[256];
	int r;

	CU_ASSERT_EQUAL_FATAL(pvabi_test_refspec_load(&s, &reg), 0);
	op = &s->ops[pvabi_spec_op(s, "log_write")];
	r = pvabi_spec_rev(s, "2.1");
	memset(&p, 0, sizeof(p));
	p.name = "short";
	p.arg = 2;
	p.kind = PVABI_PART_ENDS;
	p.bytes[0] = '\n';
	p.nbytes = 1;
	p.expect = "ret=len-1";
	p.in_enum = PVABI_NONE;
	p.life = op->life;
	CU_ASSERT_EQUAL(pvabi_part_derive(s, op, &p, r, 0, &pr, err, sizeof(err)), 0);
	if (strcmp(pr.expect, "ret=5"))
		printf("\n  %s (%s)\n", pr.expect, err);
	CU_ASSERT_STRING_EQUAL(pr.expect, "ret=5");
	p.kind = PVABI_PART_LACKS;
	p.base = "level=info len=4 buf='a\nb\n'";
	p.expect = "ret=len";
	CU_ASSERT_EQUAL(pvabi_part_derive(s, op, &p, r, 0, &pr, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(pr.args, "level=info len=2 buf='ab'");
	p.kind = PVABI_PART_HOLDS;
	p.base = "level=info len=0 buf=''";
	CU_ASSERT_EQUAL(pvabi_part_derive(s, op, &p, r, 0, &pr, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(pr.args, "level=info len=2 buf='\\n.'");
	op = &s->ops[pvabi_spec_op(s, "mmu_update")];
	p.arg = 2;
	p.kind = PVABI_PART_IN;
	p.in = "1";
	p.base = NULL;
	p.expect = "error=EINVAL";
	p.life = op->life;
	CU_ASSERT_EQUAL(pvabi_part_derive(s, op, &p, r, 0, &pr, err, sizeof(err)), 1);
	pvabi_test_refspec_free(s, reg);
}

/* bytes="any": one probe per class, named, each at the plain case's
 * length where the class fits inside it (a plain byte kept on each
 * side), the count and the expectation following the buffer. */
static void test_byte_classes(void)
{
	struct pvabi_spec *s;
	struct pvabi_registry *reg;
	struct pvabi_part_probe pr;
	const struct pvabi_op *op;
	const struct pvabi_partition *p;
	size_t k;

	CU_ASSERT_EQUAL_FATAL(pvabi_test_refspec_load(&s, &reg), 0);
	op = &s->ops[pvabi_spec_op(s, "log_write")];
	p = find(op, "any_byte", pvabi_spec_rev(s, "2.1"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pvabi_part_members(p), pvabi_part_nclasses());
	CU_ASSERT_STRING_EQUAL(pvabi_part_class(p, 1), "esc");
	CU_ASSERT_PTR_NULL(pvabi_part_class(p, pvabi_part_nclasses()));
	CU_ASSERT_EQUAL(derive(s, "log_write", "any_byte", "1.2", 0, &pr), 0);
	CU_ASSERT_STRING_EQUAL(pr.args, "level=info len=5 buf='he\\x00lo'");
	CU_ASSERT_STRING_EQUAL(pr.expect, "ret=5");
	CU_ASSERT_EQUAL(derive(s, "log_write", "any_byte", "2.1", 1, &pr), 0);
	CU_ASSERT_STRING_EQUAL(pr.args, "level=info len=7 buf='h\\x1b[31mo'");
	CU_ASSERT_STRING_EQUAL(pr.expect, "ret=7");
	CU_ASSERT_EQUAL(derive(s, "console_write", "any_byte", "1.0", 6, &pr), 0);
	CU_ASSERT_STRING_EQUAL(pr.args, "len=5 buf='he\\x80lo'");
	k = pvabi_part_nclasses() - 1;
	CU_ASSERT_STRING_EQUAL(pvabi_part_class(p, k), "every");
	CU_ASSERT_EQUAL(derive(s, "console_write", "any_byte", "1.3", k, &pr), 0);
	CU_ASSERT_STRING_EQUAL(pr.args, "len=0x100 buf=[256 bytes: 0x00 0x01 ... 0xff]");
	CU_ASSERT_STRING_EQUAL(pr.expect, "ret=256");
	CU_ASSERT_EQUAL(pr.v.ret, 256);
	/* console_write is gone in 2.0 */
	CU_ASSERT_EQUAL(derive(s, "console_write", "any_byte", "2.0", 0, &pr), -2);
	pvabi_test_refspec_free(s, reg);
}

const struct pvabi_test_case partition_cases[] = {
	{ "reference", test_reference },
	{ "built", test_built },
	{ "byte_classes", test_byte_classes },
	{ NULL, NULL },
};
