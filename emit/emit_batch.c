/* Batch probes (abi/batch.h, guest/rt/suite_batch.c): for each op the
 * image knows, each revision up to its own that declares a <batch>, and
 * each request the op's vectors refuse, a batch of PVABI_BATCH_N
 * requests failing first, in the middle and last; and for each kind of
 * refusal its single op declares (<batch each=>), a batch of two
 * requests on one page that differ only in the refused field, in both
 * orders. A probe that resolves
 * the same in consecutive revisions is one entry with a revision range. */
#include "emit/emit_ctable.h"
#include "abi/batch.h"
#include "guest/rt/conformance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What must be equal for two revisions' probes to share an entry;
 * compared as bytes, so always zeroed before it is filled. */
struct bprobe {
	struct bkey {
		size_t opi;
		unsigned int fail, elem, nbad, nargs, count_slot, array_slot, done_slot, done_size;
		long page_off, entry_off, value_off;
		unsigned int entry_size, value_size;
		long long error;
		const struct pvabi_batch *b;
		unsigned char bad[PVABI_BATCH_MAX_ELEM];
		/* a probe of one kind of refusal (abi/batch_elem.c): n
		 * requests on one page, the failing one a good request with
		 * field fld (offset fld_off, fld_size bytes) set to fld_value,
		 * or with fld_page to the page plus fld_value */
		unsigned int n, fld_size, fld_page;
		long fld_off;
		unsigned long long fld_value;
		const char *fld_name;
		char from[64];
	} k;
	int since, until;
	const char *err_name;
	const char *page_name; /* the field <writes page=> names */
	const struct pvabi_op *op;
};

/* Frame slot of each argument alive in rev, in order; how many. */
static unsigned int slots_of(const struct pvabi_op *op, int rev, int *slot)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < op->nargs; i++)
		slot[i] = pvabi_life_has(&op->args[i].life, rev) ? (int)n++ : -1;
	return n;
}

static unsigned int field_size(const struct pvabi_struct *st, int f)
{
	return f < 0 ? 0 : pvabi_prim_size(st->fields[f].type.prim);
}

/* The probe's key in rev: what must be equal to share an entry. */
static int key_of(const struct pvabi_gen *g, const struct pvabi_op *op, const struct pvabi_batch *b,
		  int rev, const struct pvabi_batch_refusal *rf, struct bprobe *p)
{
	const struct pvabi_spec *s = g->spec;
	const struct pvabi_arg *a = &op->args[b->array];
	const struct pvabi_struct *st = &s->structs[a->type.index];
	int slot[PVABI_MAX_ARGS];
	long off[64];

	if (op->nargs > PVABI_MAX_ARGS || st->nfields > 64)
		return -1;
	p->k.nargs = slots_of(op, rev, slot);
	p->k.elem = (unsigned int)pvabi_struct_layout(s, a->type.index, rev, off, NULL);
	p->k.count_slot = (unsigned int)slot[a->count_arg];
	p->k.array_slot = (unsigned int)slot[b->array];
	p->k.done_slot = b->done >= 0 ? (unsigned int)slot[b->done] : PVABI_CBATCH_RET;
	p->k.done_size = b->done >= 0 ? pvabi_prim_size(op->args[b->done].type.prim) : 0;
	p->k.page_off = b->w_page >= 0 ? off[b->w_page] : 0xffff;
	p->k.entry_off = b->w_page >= 0 ? off[b->w_entry] : 0;
	p->k.value_off = b->w_page >= 0 ? off[b->w_value] : 0;
	p->k.entry_size = field_size(st, b->w_page >= 0 ? b->w_entry : -1);
	p->k.value_size = field_size(st, b->w_page >= 0 ? b->w_value : -1);
	p->k.error = (long long)s->errors[rf->error].value;
	p->k.b = b;
	p->k.n = PVABI_BATCH_N;
	p->k.nbad = (unsigned int)rf->nbytes;
	memcpy(p->k.bad, rf->bytes, sizeof(p->k.bad));
	p->err_name = s->errors[rf->error].name;
	p->op = op;
	return 0;
}

static int add(struct bprobe **v, size_t *n, size_t *cap, const struct bprobe *p, int rev)
{
	size_t i;

	for (i = *n; i-- > 0;)
		if ((*v)[i].until == rev && !memcmp(&(*v)[i].k, &p->k, sizeof(p->k))) {
			(*v)[i].until = rev + 1;
			return 0;
		}
	if (*n == *cap) {
		struct bprobe *nv = realloc(*v, (*cap ? *cap * 2 : 8) * sizeof(**v));

		if (!nv)
			return -1;
		*v = nv;
		*cap = *cap ? *cap * 2 : 8;
	}
	memcpy(&(*v)[*n], p, sizeof(*p));
	(*v)[*n].since = rev;
	(*v)[*n].until = rev + 1;
	(*n)++;
	return 0;
}

/* The batch of PVABI_BATCH_N good requests (a batch with <writes>,
 * whose good requests the declaration gives): every one applied, done
 * written (over the guest's marker) as their number, and the return
 * that number where it counts (done="ret", or an op that returns more
 * than a status), else 0. */
static int success_probe(const struct pvabi_gen *g, const struct pvabi_op *op,
			 const struct pvabi_batch *b, int r, const struct pvabi_batch_refusal *rf,
			 size_t opi, struct bprobe **v, size_t *n, size_t *cap)
{
	struct bprobe p;

	memset(&p, 0, sizeof(p));
	if (key_of(g, op, b, r, rf, &p))
		return -1;
	p.k.opi = opi;
	p.k.fail = PVABI_BATCH_N;
	p.k.nbad = 0;
	memset(p.k.bad, 0, sizeof(p.k.bad));
	p.k.error = b->done < 0 || !op->ret_void ? PVABI_BATCH_N : 0;
	p.err_name = NULL;
	return add(v, n, cap, &p, r);
}

/* For each kind of refusal of a request, the batch [good, the next
 * entry refused in that field alone] and its reverse: n = 2 on one
 * page, every other field as the good request before it has it. */
static int kind_probes(const struct pvabi_gen *g, const struct pvabi_op *op,
		       const struct pvabi_batch *b, int r, const struct pvabi_batch_refusal *rf,
		       size_t opi, struct bprobe **v, size_t *n, size_t *cap)
{
	const struct pvabi_struct *st = &g->spec->structs[op->args[b->array].type.index];
	struct pvabi_batch_kind kd[PVABI_BATCH_MAX_KINDS];
	size_t nk = pvabi_batch_kinds(g->spec, b, op, r, kd, PVABI_BATCH_MAX_KINDS), i;
	long off[64];
	unsigned int f;
	struct bprobe p;

	pvabi_struct_layout(g->spec, op->args[b->array].type.index, r, off, NULL);
	for (i = 0; i < nk; i++)
		for (f = 2; f-- > 0;) {
			memset(&p, 0, sizeof(p));
			if (key_of(g, op, b, r, rf, &p))
				return -1;
			p.k.opi = opi;
			p.k.n = 2;
			p.k.fail = f;
			p.k.nbad = 0;
			memset(p.k.bad, 0, sizeof(p.k.bad));
			p.k.error = (long long)g->spec->errors[kd[i].error].value;
			p.err_name = g->spec->errors[kd[i].error].name;
			p.k.fld_off = off[kd[i].field];
			p.k.fld_size = field_size(st, kd[i].field);
			p.k.fld_page = (unsigned int)kd[i].page_low;
			p.k.fld_value = kd[i].value;
			p.k.fld_name = st->fields[kd[i].field].name;
			memcpy(p.k.from, kd[i].from, sizeof(p.k.from));
			p.page_name = st->fields[b->w_page].name;
			if (add(v, n, cap, &p, r))
				return -1;
		}
	return 0;
}

static int collect(const struct pvabi_gen *g, const struct pvabi_op **ops, size_t nops,
		   struct bprobe **v, size_t *n, size_t *cap)
{
	struct pvabi_batch_refusal rf[PVABI_BATCH_MAX_REFUSALS];
	struct bprobe p;
	char err[256];
	size_t i, opi = 0;
	int r, k, nr;
	unsigned int f;

	for (i = 0; i < nops; i++) {
		if (!emit_known(g, ops[i]))
			continue;
		for (r = 0; r <= g->rev; r++) {
			const struct pvabi_batch *b = pvabi_batch_of(ops[i], r);

			if (!b)
				continue;
			nr = pvabi_batch_refusals(g->spec, ops[i], b, r, rf, PVABI_BATCH_MAX_REFUSALS,
						  err, sizeof(err));
			if (nr > 0 && b->w_page >= 0 && success_probe(g, ops[i], b, r, &rf[0], opi, v, n, cap))
				return -1;
			if (nr > 0 && kind_probes(g, ops[i], b, r, &rf[0], opi, v, n, cap))
				return -1;
			for (k = 0; k < nr; k++)
				for (f = 0; f < PVABI_BATCH_N; f++) {
					memset(&p, 0, sizeof(p));
					if (key_of(g, ops[i], b, r, &rf[k], &p))
						return -1;
					p.k.opi = opi;
					p.k.fail = f;
					if (add(v, n, cap, &p, r))
						return -1;
				}
		}
		opi++;
	}
	return 0;
}

/* "batch [ok, ERANGE, ok] -> ERANGE done=1 (stop, earlier kept)": the
 * requests, the answer, the declaration's words. */
static void name_of(struct sbuf *b, const struct bprobe *p)
{
	unsigned int i;

	if (p->k.fld_size) {
		/* "batch on one table: [ok, next with index=0x200 (limit
		 * pt_entries)] -> ERANGE done=1 (stop, earlier kept)" */
		char ref[160];

		snprintf(ref, sizeof(ref), "%s=%s0x%llx (%s)", p->k.fld_name,
			 p->k.fld_page ? "page+" : "", p->k.fld_value, p->k.from);
		sb_add(b, "batch on one %s: [%s%s] -> %s done=%u (%s, earlier %s)", p->page_name,
		       p->k.fail ? "ok, next with " : ref, p->k.fail ? ref : ", next ok",
		       p->k.b->done < 0 ? "ret=done" : p->err_name,
		       pvabi_batch_done(p->k.b, p->k.n, p->k.fail),
		       p->k.b->at_failure == PVABI_BATCH_SKIP ? "skip" : "stop",
		       p->k.b->undone ? "undone" : "kept");
		return;
	}

	sb_add(b, "batch [");
	for (i = 0; i < PVABI_BATCH_N; i++)
		sb_add(b, "%s%s", i ? ", " : "", i == p->k.fail ? p->err_name : "ok");
	if (p->k.fail >= PVABI_BATCH_N) {
		sb_add(b, "] -> ret=%lld done=%u (all applied)", p->k.error, PVABI_BATCH_N);
		return;
	}
	sb_add(b, "] -> %s done=%u (%s, earlier %s)", p->k.b->done < 0 ? "ret=done" : p->err_name,
	       pvabi_batch_done(p->k.b, PVABI_BATCH_N, p->k.fail),
	       p->k.b->at_failure == PVABI_BATCH_SKIP ? "skip" : "stop",
	       p->k.b->undone ? "undone" : "kept");
}

/* The first probe whose failing request has the same bytes as probe i:
 * each request is emitted once. */
static size_t bad_of(const struct bprobe *v, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (v[k].k.elem == v[i].k.elem && !memcmp(v[k].k.bad, v[i].k.bad, v[i].k.elem))
			return k;
	return i;
}

static void print_one(FILE *f, size_t bad, const struct bprobe *p)
{
	const struct pvabi_batch *b = p->k.b;
	struct sbuf name = { 0 }, q = { 0 };
	char num[48];
	unsigned int j;

	name_of(&name, p);
	c_string(&q, sb_str(&name), name.n);
	fprintf(f, "\t{ %s, batch_bad_%zu, %s, {", sb_str(&q), bad,
		emit_c_int64(num, sizeof(num), p->k.error));
	for (j = 0; j < PVABI_BATCH_N; j++)
		fprintf(f, " UINT64_C(0x%llx),", (unsigned long long)b->values[j]);
	fprintf(f, " }, %zu, %d, %d, %u, %ld, %ld, %ld, %u, %u, %u, %u, %u, %u, %u, %u, %u, %u, %d, %d,"
		" UINT64_C(0x%llx), %ld, %u, %u },\n",
		p->k.opi, p->since, p->until, p->k.elem, p->k.page_off, p->k.entry_off,
		p->k.value_off, p->k.n, p->k.fail, p->k.nargs, p->k.count_slot,
		p->k.array_slot, p->k.done_slot, p->k.done_size, p->k.entry_size, p->k.value_size,
		b->w_page >= 0 ? b->width : 0, b->at_failure == PVABI_BATCH_SKIP, b->undone,
		p->k.fld_value, p->k.fld_size ? p->k.fld_off : 0, p->k.fld_size, p->k.fld_page);
	free(name.p);
	free(q.p);
}

int emit_batch_print(FILE *f, const struct pvabi_gen *g, const struct pvabi_op **ops, size_t nops)
{
	struct bprobe *v = NULL;
	size_t n = 0, cap = 0, i;
	unsigned int j;

	if (collect(g, ops, nops, &v, &n, &cap)) {
		free(v);
		pvabi_diag_add(g->d, "GEN_UNSUPPORTED", g->spec->file, 0,
			       "batch probes do not fit the conformance tables");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (bad_of(v, i) != i)
			continue;
		fprintf(f, "static const uint8_t batch_bad_%zu[%u] = {", i, v[i].k.elem);
		for (j = 0; j < v[i].k.elem; j++)
			fprintf(f, "%s0x%02x", !j ? "\n\t" : j % 12 ? ", " : ",\n\t", v[i].k.bad[j]);
		fputs("\n};\n", f);
	}
	fputs("/* What a failing request of a batch leaves behind (guest/rt/conformance.h) */\n"
	      "static const struct pvabi_cbatch batches[] = {\n", f);
	for (i = 0; i < n; i++)
		print_one(f, bad_of(v, i), &v[i]);
	if (!n)
		fputs("\t{ 0 }\n", f);
	fprintf(f, "};\n\n#define NBATCHES %zuu\n\n", n);
	free(v);
	return 0;
}
