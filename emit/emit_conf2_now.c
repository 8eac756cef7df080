/* Conformance target for a format 2 ABI: the probes of each <now> of a
 * command's data or of a by-value argument (abi/now2.h), format 1's points in the mode's terms
 * with "now" the time of the pvclock record the observer's page holds.
 * Each probe is a test of its own: the observer's steps up to its first
 * call of the command, the record read, the call at the point, the
 * answer judged (a past value's by the registry's <release> the image
 * runs on where past= lists answers by release), the bit polled against
 * the record (seen: no earlier than early= before the moment, no later
 * than late= plus 1 s after it, then its upcall; not seen: for 5 ms of
 * the record's time), then the observer's steps after its last <wait>.
 * docs/spec-language.md, "Values against the platform's now". */
#include "emit/emit_conf2.h"
#include "abi/now2.h"

#include <stdio.h>
#include <string.h>

enum point { P_PAST, P_NEAR, P_FAR, P_REL1, P_REL700, P_CANCEL };

/* The value passed, as C of now (the record's time before the call). */
static const char *point_c(enum point k)
{
	static const char *const c[] = {
		"now - 1", "((now + 300000) / 1000000 + 1) * 1000000 - 1", "now + 1000000000",
		"1", "700001", "",
	};
	return c[k];
}

static const char *point_name(enum point k, enum pvabi_now_is is)
{
	static const char *const n[] = {
		"now-1", "the last ns of the ms 0.3 to 1.3 ms ahead", "now+1s", "1", "700001",
	};
	if (k == P_CANCEL)
		return is == PVABI_NOW_ABSOLUTE ? "now+1s, then 0" : "1s, then 0";
	return n[k];
}

/* Every answer of past= fires. */
static int all_fire(const struct pvabi_now *n)
{
	size_t i;

	for (i = 0; i < n->npasts; i++)
		if (n->pasts[i].error >= 0)
			return 0;
	return 1;
}

/* What the point answers, as the TAP name says it. */
static void answer_name(char *out, size_t len, const struct pvabi_spec *s,
			const struct pvabi_now *n, enum point k)
{
	size_t i, o = 0;

	if (k != P_PAST) {
		snprintf(out, len, k == P_FAR || k == P_CANCEL ? "ret=0, not seen"
							       : "ret=0, seen, timed");
		return;
	}
	out[0] = '\0';
	for (i = 0; i < n->npasts && o < len; i++) {
		const char *a = n->pasts[i].error >= 0 ? s->errors[n->pasts[i].error].name : NULL;
		const char *to = i + 1 < n->npasts ? n->pasts[i + 1].from : NULL;
		int w = snprintf(out + o, len - o, "%s%s%s%s%s%s%s", i ? ", " : "", a ? "error=" : "",
				 a ? a : n->npasts > 1 ? "fires" : "fires, seen",
				 n->pasts[i].from ? " from " : "",
				 n->pasts[i].from ? n->pasts[i].from : "", to ? " before " : "",
				 to ? to : "");

		o += w > 0 ? (size_t)w : 0;
	}
	if (n->npasts > 1 && o < len)
		snprintf(out + o, len - o, " (judged by the registry's release the image runs on)");
}

/* The answer a probe wants, before the observer's steps run: a table
 * of the registry's releases when past= answers by release. */
static void want_of(FILE *f, const struct c2 *c, const struct pvabi_now *n, enum point k)
{
	const struct pvabi_registry *r = c->g->reg;
	const struct pvabi_spec *s = c->g->spec;
	size_t i;

	if (k != P_PAST || n->npasts == 1) {
		int e = k == P_PAST ? n->pasts[0].error : PVABI_NONE;

		fprintf(f, "\tint64_t want = INT64_C(%lld);\n", e >= 0 ? (long long)s->errors[e].value
								     : 0LL);
		return;
	}
	fprintf(f, "\tstatic const struct pvabi_c2_past rel[] = {\n");
	for (i = 0; r && i < r->nrels; i++) {
		int e = n->pasts[pvabi_now2_past_at(n, r->rels[i].id)].error;

		fprintf(f, "\t\t{ \"%s\", INT64_C(%lld) },\n", r->rels[i].id,
			e >= 0 ? (long long)s->errors[e].value : 0LL);
	}
	fprintf(f, "\t\t{ 0, 0 },\n\t};\n\tint64_t want = 0;\n\n"
		   "\tif (pvabi_c2_now_want(rel, %zu, &want))\n\t\treturn PVABI_C2_NO_RELEASE;\n",
		r ? r->nrels : 0);
}

/* The record, the polled bit and the acknowledgement, as C. */
static void places(FILE *f, const struct pvabi_now2 *p)
{
	const struct pvabi_m2step *sn = &p->m[p->seen_step], *ak = &p->m[p->ack_step];
	long s32 = sn->off[PVABI_MODE_X86_32] >= 0 ? sn->off[PVABI_MODE_X86_32] : sn->off[0];
	long c32 = p->clock.off[PVABI_MODE_X86_32] >= 0 ? p->clock.off[PVABI_MODE_X86_32]
							 : p->clock.off[0];

	fprintf(f, "		const volatile void *rec = (const volatile void *)(uintptr_t)"
		   "(v[%d] + C2_OFF(%ldu, %ldu));\n", p->clock.var, p->clock.off[0], c32);
	fprintf(f, "		volatile uint8_t *bitp = (volatile uint8_t *)(uintptr_t)"
		   "(v[%d] + C2_OFF(%ldu, %ldu) + (v[%d] >> 3));\n", sn->var, sn->off[0], s32,
		sn->bit_var);
	fprintf(f, "		unsigned int bit = (unsigned int)(v[%d] & 7);\n", sn->bit_var);
	fprintf(f, "		volatile uint8_t *ack = (volatile uint8_t *)(uintptr_t)(v[%d] + %uu);\n",
		ak->var, p->sc->steps[p->ack_step].offset);
	fprintf(f, "		int inpage = bitp < (volatile uint8_t *)(uintptr_t)(v[%d] + %uu);\n\n",
		sn->var, PVABI_SCEN_PAGE);
}

/* The judgement after the call: the answer, then the effect seen and
 * timed (the answer 0 where the point may fire) or not seen. */
static void judge(FILE *f, const struct pvabi_now *n, enum point k, unsigned int st)
{
	int rel = n->is == PVABI_NOW_RELATIVE;

	fprintf(f, "\t\tPVABI_C2_EXPECT(res, %uu, \"ret\", (int64_t)v[RET] == want, v[RET], want);\n"
		   "\t\tafter = pvabi_c2_pvclock(rec);\n", st);
	fprintf(f, "\t\tmoment = %s;\n", rel ? "now + v[AT]" : "v[AT]");
	fprintf(f, "\t\tlate = %s + v[AT] + UINT64_C(%llu) + UINT64_C(1000000000);\n",
		rel ? "after" : "0", (unsigned long long)n->late);
	if (k == P_FAR || k == P_CANCEL)
		fputs("\t\tif (0) {\n", f);
	else
		fputs("\t\tif (want == 0) {\n", f);
	fprintf(f, "\t\t\tseen = pvabi_c2_now_poll(bitp, bit, rec, late, &t);\n"
		   "\t\t\tPVABI_C2_EXPECT(res, %uu, \"seen by\", seen, t, late);\n"
		   "\t\t\tPVABI_C2_EXPECT(res, %uu, \"early: seen at\", t + UINT64_C(%llu) >= moment, "
		   "t, moment - UINT64_C(%llu));\n"
		   "\t\t\tuint64_t up = pvabi_c2_wait(up0 + 1, UINT64_C(500000000), 0, ack) - up0;\n\n"
		   "\t\t\tPVABI_C2_EXPECT(res, %uu, \"upcalls\", up >= 1, up, 1);\n"
		   "\t\t\t__atomic_fetch_and(bitp, (uint8_t)~(1u << bit), __ATOMIC_SEQ_CST);\n"
		   "\t\t} else {\n"
		   "\t\t\tseen = pvabi_c2_now_poll(bitp, bit, rec, after + UINT64_C(5000000), &t);\n"
		   "\t\t\tPVABI_C2_EXPECT(res, %uu, \"seen at\", !seen, t, 0);\n\t\t}\n",
		st, st, (unsigned long long)n->early, (unsigned long long)n->early, st, st);
}

/* The probe up to its judgement: the observer's steps before the call,
 * the record read, the call at point k, its answer and effect. */
static void body_fn(FILE *f, const struct c2 *c, const struct pvabi_now *n,
		    const struct pvabi_now2 *p, enum point k, size_t t, int *npages)
{
	unsigned int st = (unsigned int)p->call + 1;
	int abs = n->is == PVABI_NOW_ABSOLUTE;

	fprintf(f, "static int t%zu_probe(struct pvabi_c2_res *res, uint64_t *v, int64_t want, "
		   "uint64_t up0)\n{\n\t(void)up0;\n", t);
	c2_steps(f, c, p->sc, p->v, p->m, 0, p->call, t, npages);
	fprintf(f, "#define RET %d\n#define AT %d\n\t{\n", p->ret_var, p->at_var);
	places(f, p);
	fprintf(f, "\t\tuint64_t now = pvabi_c2_pvclock(rec), after, moment, late, t = 0;\n"
		   "\t\tint seen;\n\n"
		   "\t\tPVABI_C2_EXPECT(res, %uu, \"bit index\", inpage, v[%d], 0);\n"
		   "\t\t(void)ack;\n", st, p->m[p->seen_step].bit_var);
	if (k == P_CANCEL) {
		fprintf(f, "\t\tv[AT] = %s;\n", abs ? "now + 1000000000" : "1000000000");
		c2_call(f, c, &p->arm, st, 0, NULL);
		fprintf(f, "\t\tPVABI_C2_EXPECT(res, %uu, \"ret\", v[RET] == 0, v[RET], 0);\n"
			   "\t\tv[AT] = 0;\n", st);
	} else {
		fprintf(f, "\t\tv[AT] = %s;\n", point_c(k));
	}
	c2_call(f, c, &p->arm, st, 0, NULL);
	judge(f, n, k, st);
	fputs("\t}\n#undef RET\n#undef AT\n\treturn 0;\n}\n\n", f);
}

/* The observer's steps after its last <wait>, and on a failure what the
 * probe may have left behind: an upcall not yet taken, the bit set. */
static void tail_fn(FILE *f, const struct c2 *c, const struct pvabi_now2 *p, size_t t,
		    int *npages)
{
	fprintf(f, "static int t%zu_tail(struct pvabi_c2_res *res, uint64_t *v, uint64_t up0, "
		   "int failed)\n{\n\tif (failed) {\n", t);
	places(f, p);
	fputs("\t\t(void)rec;\n"
	      "\t\t(void)pvabi_c2_wait(up0 + 1, UINT64_C(20000000), 0, ack);\n"
	      "\t\tif (inpage)\n"
	      "\t\t\t__atomic_fetch_and(bitp, (uint8_t)~(1u << bit), __ATOMIC_SEQ_CST);\n"
	      "\t}\n", f);
	c2_steps(f, c, p->sc, p->v, p->m, p->tail, p->sc->nsteps, t, npages);
	fputs("\treturn 0;\n}\n\n", f);
}

/* One probe, test t: a failure still runs the observer's cleanup (its
 * own failures unreported), so that it leaves no timer armed, no port
 * bound and no upcall pending for the next probe. */
static void probe_fn(FILE *f, const struct c2 *c, const struct pvabi_now *n,
		     const struct pvabi_now2 *p, enum point k, size_t t, int *npages)
{
	const struct pvabi_spec *s = c->g->spec;
	size_t i;

	body_fn(f, c, n, p, k, t, npages);
	tail_fn(f, c, p, t, npages);
	c2_test_head(f, c->g, n->loc.line, t);
	for (i = 0; i < p->sc->nsteps; i++)
		if (p->sc->steps[i].kind == PVABI_STEP_CALL &&
		    c2_gate_bit(s, &s->ops[p->sc->steps[i].op]) >= 0)
			c2_gate(f, c2_gate_bit(s, &s->ops[p->sc->steps[i].op]));
	want_of(f, c, n, k);
	fprintf(f, "\tuint64_t v[%zu] = { 0 }, up0 = pvabi_c2_upcalls();\n"
		   "\tstruct pvabi_c2_res spare = { 0, \"\", 0, 0 };\n"
		   "\tint rc = t%zu_probe(res, v, want, up0);\n\n"
		   "\tif (rc) {\n\t\t(void)t%zu_tail(&spare, v, up0, 1);\n\t\treturn rc;\n\t}\n"
		   "\treturn t%zu_tail(res, v, up0, 0);\n}\n\n", p->vars.n, t, t, t);
}

/* The points a declaration is probed at. */
static size_t points_of(const struct pvabi_now *n, enum point *k)
{
	size_t m = 0;

	if (n->is == PVABI_NOW_ABSOLUTE) {
		k[m++] = P_PAST;
		/* a stall between the clock read and the call could make a
		 * near point past, where a refusal is right: a mode that may
		 * refuse is probed far ahead instead */
		k[m++] = all_fire(n) ? P_NEAR : P_FAR;
	} else {
		k[m++] = P_REL1;
		k[m++] = P_REL700;
	}
	if (n->cancels)
		k[m++] = P_CANCEL;
	return m;
}

static int probes_of(FILE *f, const struct c2 *c, struct c2_names *t, int op, int cmd,
		     const struct pvabi_now *n, int *npages)
{
	const struct pvabi_spec *s = c->g->spec;
	struct pvabi_now2 p;
	enum point k[4];
	char err[300], what[400], answer[300];
	size_t i, m = points_of(n, k);

	if (pvabi_now2_resolve(s, op, cmd, n, c->g->rev, &p, err, sizeof(err))) {
		pvabi_diag_add(c->g->d, "NOW_INVALID", n->loc.file, n->loc.line,
			       "revision %s: %s", s->revs[c->g->rev].id, err);
		return -1;
	}
	for (i = 0; i < m; i++) {
		probe_fn(f, c, n, &p, k[i], t->n, npages);
		answer_name(answer, sizeof(answer), s, n, k[i]);
		snprintf(what, sizeof(what), "now %s%s%s %s=%s (%s%s%s) -> %s, observed as %s",
			 s->ops[op].name, cmd >= 0 ? " " : "",
			 cmd >= 0 ? s->ops[op].cmds[cmd].name : "", n->field,
			 point_name(k[i], n->is), n->when ? n->when : "", n->when ? ": " : "",
			 pvabi_now_is_name(n->is), answer, p.sc->name);
		if (c2_name_add(t, what, NULL, NULL)) {
			pvabi_now2_free(&p);
			return emit_oom(c->g);
		}
	}
	pvabi_now2_free(&p);
	return 0;
}

int c2_nows(FILE *f, const struct c2 *c, struct c2_names *t, int *npages)
{
	const struct pvabi_spec *s = c->g->spec;
	size_t i, k, j;
	int rev = c->g->rev;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if (!pvabi_life_has(&op->life, rev))
			continue;
		for (k = 0; k < op->ncmds; k++)
			for (j = 0; j < op->cmds[k].nnows; j++)
				if (pvabi_life_has(&op->cmds[k].life, rev) &&
				    pvabi_life_has(&op->cmds[k].nows[j].life, rev) &&
				    probes_of(f, c, t, (int)i, (int)k, &op->cmds[k].nows[j], npages))
					return -1;
		/* a by-value argument's, as set_timer_op's timeout */
		for (k = 0; k < op->nargs; k++)
			for (j = 0; j < op->args[k].nnows; j++)
				if (pvabi_life_has(&op->args[k].life, rev) &&
				    pvabi_life_has(&op->args[k].nows[j].life, rev) &&
				    probes_of(f, c, t, (int)i, PVABI_NONE, &op->args[k].nows[j],
					      npages))
					return -1;
	}
	return 0;
}
