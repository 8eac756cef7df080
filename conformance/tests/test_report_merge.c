/* Shards joined by conformance/report_merge.c: a union of cells with
 * their logs, conflicts refused, OUT's earlier cells kept; re-rendering
 * a directory; and the command's exit codes through the built program. */
#include "conformance/report.h"
#include "conformance/report_merge.h"
#include "conformance/result_io.h"
#include "conformance/tests/report_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void shard(const char *dir, struct pvabi_cell_result *r, size_t n)
{
	char err[512];
	size_t i;

	for (i = 0; i < n; i++)
		CU_ASSERT_EQUAL(pvabi_result_write(dir, &r[i], err, sizeof(err)), 0);
}

static int merge2(const char *out, const char *a, const char *b, char *err, size_t errlen)
{
	char *dirs[2] = { (char *)a, (char *)b };

	return pvabi_report_merge(out, dirs, b ? 2 : 1, err, errlen);
}

/* `pvabi report ARGS` run in the scratch directory: its exit status. */
static int report(const char *args)
{
	char cmd[4096];
	int st;

	snprintf(cmd, sizeof(cmd), "cd '%s' && '%s/pvabi' report %s >/dev/null 2>&1", rf_tmp,
		 pvabi_test_builddir(), args);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_merge(void)
{
	struct pvabi_cell_result r[RF_NSET], *res;
	char path[1024], err[512];
	size_t n;

	rf_result_set(r);
	shard(rf_at("s1"), r, 3);
	shard(rf_at("s2"), r + 2, 3); /* r[2] in both, the same */
	snprintf(path, sizeof(path), "%s/s2/cells/%s.log", rf_tmp, r[3].cell.id);
	rf_put(path, "crash log\n");
	CU_ASSERT_EQUAL(merge2(rf_at("out"), rf_at("s1"), rf_at("s2"), err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(pvabi_report_render(rf_at("out"), &res, &n, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_STRING_EQUAL(res[4].cell.id, "2.0~current~kvm");
	CU_ASSERT_STRING_EQUAL(res[4].log, "cells/2.0~current~kvm.log"); /* relative to OUT */
	pvabi_results_free(res, n);
	snprintf(path, sizeof(path), "%s/out/cells/%s.log", rf_tmp, r[3].cell.id);
	CU_ASSERT_EQUAL(access(path, R_OK), 0);
	CU_ASSERT_EQUAL(access(rf_at("out/index.html"), R_OK), 0);
	CU_ASSERT_EQUAL(access(rf_at("out/results.json"), R_OK), 0);
	/* merging again into the same OUT: its cells are an input too */
	CU_ASSERT_EQUAL(merge2(rf_at("out"), rf_at("s1"), NULL, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(pvabi_result_load_dir(rf_at("out"), &res, &n, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(n, 5);
	pvabi_results_free(res, n);
	r[2].ms += 1; /* the same cell, other content */
	shard(rf_at("s3"), r + 2, 1);
	CU_ASSERT_EQUAL(merge2(rf_at("out2"), rf_at("s1"), rf_at("s3"), err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cell 1.0~1.2~kvm differs between"));
	CU_ASSERT_EQUAL(access(rf_at("out2/index.html"), R_OK), -1);
	CU_ASSERT_EQUAL(merge2(rf_at("o3"), rf_at("absent"), NULL, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "absent/cells"));
	rf_free_set(r);
}

static void test_render(void)
{
	struct pvabi_cell_result r[RF_NSET], *res;
	char err[512];
	size_t n;

	rf_result_set(r);
	shard(rf_at("green"), r, 3);
	CU_ASSERT_EQUAL(pvabi_report_render(rf_at("green"), &res, &n, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(n, 3);
	pvabi_results_free(res, n);
	CU_ASSERT_EQUAL(access(rf_at("green/junit.xml"), R_OK), 0);
	rf_put(rf_at("green/cells/1.0~current~kvm.xml"), "<cell-result");
	CU_ASSERT_EQUAL(pvabi_report_render(rf_at("green"), &res, &n, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "green/cells/1.0~current~kvm.xml:1: "));
	CU_ASSERT_PTR_NULL(res);
	rf_free_set(r);
}

/* Shards whose runs had other engines (auto picked differently on two
 * machines) are refused, and nothing is written. */
static void test_different_engines(void)
{
	struct pvabi_cell_result a, b;
	char err[1024];

	rf_sample(&a, "1.0", "current", "kvm", PVABI_V_PASS, "pass");
	rf_sample(&b, "2.0", "current", "qemu-tcg", PVABI_V_PASS, "pass");
	snprintf(a.cell.engines, sizeof(a.cell.engines), "kvm");
	snprintf(b.cell.engines, sizeof(b.cell.engines), "qemu-tcg");
	shard(rf_at("ek"), &a, 1);
	shard(rf_at("eq"), &b, 1);
	CU_ASSERT_EQUAL(merge2(rf_at("eout"), rf_at("ek"), rf_at("eq"), err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "shards of different runs"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "ran on kvm"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "on qemu-tcg"));
	CU_ASSERT_EQUAL(access(rf_at("eout"), F_OK), -1);
	CU_ASSERT_EQUAL(report("merge eout2 ek eq"), 2);
	/* each engine's shards on their own merge fine */
	CU_ASSERT_EQUAL(merge2(rf_at("eout"), rf_at("ek"), NULL, err, sizeof(err)), 0);
	pvabi_cell_result_free(&a);
	pvabi_cell_result_free(&b);
}

/* The command: exit 0 green (a skipped cell does not fail it), 1 not
 * green or no cell, 2 usage, unreadable input or conflicts. */
static void test_command(void)
{
	struct pvabi_cell_result r[RF_NSET];

	rf_result_set(r);
	shard(rf_at("c1"), r, 3);
	CU_ASSERT_EQUAL(report("render c1"), 0);
	CU_ASSERT_EQUAL(report("merge c2 c1"), 0);
	shard(rf_at("c1"), r + 4, 1); /* skipped: not green, not failing */
	CU_ASSERT_EQUAL(report("render c1"), 0);
	shard(rf_at("c1"), r + 3, 1);
	CU_ASSERT_EQUAL(report("render c1"), 1);
	CU_ASSERT_EQUAL(report("render absent"), 2);
	CU_ASSERT_EQUAL(report(""), 2);
	CU_ASSERT_EQUAL(report("merge o4"), 2);
	CU_ASSERT_EQUAL(report("frobnicate"), 2);
	CU_ASSERT_EQUAL(report("--help"), 0);
	mkdir(rf_at("emptyshard"), 0755);
	mkdir(rf_at("emptyshard/cells"), 0755);
	CU_ASSERT_EQUAL(report("render emptyshard"), 1);
	rf_free_set(r);
}

static const struct pvabi_test_case cases[] = {
	{ "merge", test_merge },
	{ "render", test_render },
	{ "different_engines", test_different_engines },
	{ "command", test_command },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "report_merge", cases, rf_setup, rf_teardown },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
