/* The result-file reader (conformance/result_io.c): a cell's result file
 * as a foreign shard or an older run left it, read as `matrix --resume`
 * and `report merge` read it, then every report of the cell. Promises
 * beyond no crash, no leak and no undefined behaviour: a refused file
 * leaves an empty result and says why; an accepted one has a valid cell
 * id (it names files), equals itself, and its JSON report is valid. */
#include "fuzz/fuzz_report.h"

#include "conformance/result_io.h"

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
	pvabi_cell_result_free(&r);
	return 0;
}
