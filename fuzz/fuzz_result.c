/* The result-file reader (conformance/result_io.c): a cell's result file
 * as a foreign shard or an older run left it, read as `matrix --resume`
 * and `report merge` read it, then every report of the cell, then written
 * back and read again. Promises beyond no crash, no leak and no undefined
 * behaviour: a refused file leaves an empty result and says why; an
 * accepted one has a valid cell id (it names files), equals itself and
 * has a valid JSON report; what pvabi writes it reads back, and a second
 * write and read changes nothing (the first may normalise foreign text). */
#include "fuzz/fuzz_report.h"

#include "conformance/result_io.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256], cells[300];

static void cleanup(void)
{
	rmdir(cells);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *t = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	/* tmpfs when there is one: every write is fsync'd and renamed */
	if (access("/dev/shm", W_OK) == 0)
		t = "/dev/shm";
	snprintf(dir, sizeof(dir), "%s/pvabi-fuzz-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(dir))
		fuzz_fail("cannot create a directory in %s", t && *t ? t : "/tmp");
	snprintf(cells, sizeof(cells), "%s/cells", dir);
	atexit(cleanup);
	return 0;
}

/* Writes r into dir and reads it back into *out. */
static void write_read(const struct pvabi_cell_result *r, struct pvabi_cell_result *out)
{
	char err[512], path[512];

	if (pvabi_result_write(dir, r, err, sizeof(err)))
		fuzz_fail("cannot write back result %s: %s", r->cell.id, err);
	snprintf(path, sizeof(path), "%s/%s.xml", cells, r->cell.id);
	if (pvabi_result_read(path, out, err, sizeof(err)))
		fuzz_fail("cannot read the result file pvabi wrote: %s", err);
	unlink(path);
}

static void round_trip(const struct pvabi_cell_result *r)
{
	static struct pvabi_cell_result once, twice;

	write_read(r, &once);
	write_read(&once, &twice);
	if (!pvabi_result_same(&once, &twice))
		fuzz_fail("result %s changes on its second write and read", r->cell.id);
	pvabi_cell_result_free(&once);
	pvabi_cell_result_free(&twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pvabi_cell_result r;
	char err[512] = "";

	if (pvabi_result_read(fuzz_memfile(data, size), &r, err, sizeof(err))) {
		if (!err[0])
			fuzz_fail("result file refused without a reason");
		if (r.checks || r.nchecks || r.cell.id[0])
			fuzz_fail("refused result file left a partial result (%s)", err);
		return 0;
	}
	if (!pvabi_cell_id_valid(r.cell.id))
		fuzz_fail("accepted cell id \"%s\"", r.cell.id);
	if (!pvabi_result_same(&r, &r))
		fuzz_fail("result %s differs from itself", r.cell.id);
	fuzz_reports(&r, 1);
	round_trip(&r);
	pvabi_cell_result_free(&r);
	return 0;
}
