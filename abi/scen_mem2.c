/* Format 2 scenario steps that call nothing (abi/scen_mem2.h). A read or
 * a write stays inside a page the scenario owns and is one naturally
 * aligned access in every guest mode; an offset given as STRUCT.FIELD is
 * the field's offset in the spec's layout of that mode (Xen's
 * shared_info puts evtchn_mask at 2560 on x86_64 and 2176 on x86_32). */
#include "abi/scen_mem2.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...)                                                             \
	do {                                                                  \
		snprintf(err, errlen, __VA_ARGS__);                           \
		return -1;                                                    \
	} while (0)

static int var_of(const struct pvabi_vars *vars, const char *ref)
{
	size_t i, n;

	if (!ref || ref[0] != '$')
		return PVABI_NONE;
	n = strlen(ref + 1);
	for (i = 0; i < vars->n; i++)
		if (strcspn(vars->name[i], "=") == n && !strncmp(vars->name[i], ref + 1, n))
			return (int)i;
	return PVABI_NONE;
}

static int page_of(const struct pvabi_vars *vars, const char *what, const char *ref, int *var,
		   char *err, size_t errlen)
{
	*var = var_of(vars, ref);
	if (*var < 0)
		FAIL("%s: '%s' is not a $NAME bound by an earlier step", what, ref ? ref : "");
	if (!(vars->pages & (1u << *var)))
		FAIL("%s: %s holds no <page>'s address: a scenario touches only its own pages",
		     what, ref);
	return 0;
}

/* "STRUCT.FIELD": a field of a struct of rev, by its name or C name, in
 * each mode where one of them exists; "STRUCT.FIELD+N" N bytes after it
 * in every mode (Xen's vcpu_info of vCPU 1: vcpu_info.evtchn_pending_sel+64,
 * vcpu_info being 64 bytes in both modes). */
static int field_offsets(const struct pvabi_spec *s, const char *text, int rev, long *off,
			 char *err, size_t errlen)
{
	const char *dot = strchr(text, '.'), *plus = strchr(text, '+');
	size_t flen = plus ? (size_t)(plus - dot - 1) : strlen(dot + 1);
	long *o = NULL, add = plus ? strtol(plus + 1, NULL, 10) : 0;
	size_t i, k;
	int m, found = 0;

	for (i = 0; i < s->nstructs; i++)
		if (strlen(s->structs[i].name) == (size_t)(dot - text) &&
		    !strncmp(s->structs[i].name, text, (size_t)(dot - text)) &&
		    pvabi_life_has(&s->structs[i].life, rev))
			break;
	if (i == s->nstructs)
		FAIL("offset '%s': no struct '%.*s' in this revision", text, (int)(dot - text), text);
	o = calloc(s->structs[i].nfields + 1, sizeof(*o));
	if (!o)
		FAIL("out of memory");
	for (m = 0; m < PVABI_MODE_COUNT; m++) {
		size_t al;

		off[m] = PVABI_NONE;
		pvabi_struct_layout_mode(s, (int)i, rev, (enum pvabi_mode)m, o, &al);
		for (k = 0; k < s->structs[i].nfields; k++) {
			const struct pvabi_field *f = &s->structs[i].fields[k];

			if (o[k] >= 0 && ((strlen(f->name) == flen && !strncmp(f->name, dot + 1, flen)) ||
					  (f->c_name && strlen(f->c_name) == flen &&
					   !strncmp(f->c_name, dot + 1, flen))))
				off[m] = o[k] + add;
		}
		found += off[m] >= 0;
	}
	free(o);
	for (m = 0; found && m < PVABI_MODE_COUNT; m++)
		if (off[m] < 0 && (s->modes & (1u << m)))
			FAIL("offset '%s': no such field in mode %s", text,
			     pvabi_mode_name((enum pvabi_mode)m));
	if (!found)
		FAIL("offset '%s': struct %.*s has no field '%.*s' in this revision", text,
		     (int)(dot - text), text, (int)flen, dot + 1);
	return 0;
}

/* <clock>: a pvclock record (32 bytes) inside the page, then what it
 * binds and the earliest time it expects. */
static int clock(const struct pvabi_spec *s, const struct pvabi_step *st, int rev,
		 struct pvabi_vars *vars, struct pvabi_m2step *out, char *err, size_t errlen)
{
	const char *e = st->expect, *plus;
	size_t n;
	int m;

	if (page_of(vars, "<clock>", st->at, &out->var, err, errlen))
		return -1;
	if (st->field && field_offsets(s, st->field, rev, out->off, err, errlen))
		return -1;
	for (m = 0; m < PVABI_MODE_COUNT; m++) {
		if (!st->field)
			out->off[m] = st->offset;
		if (out->off[m] >= 0 && (out->off[m] % 4 || out->off[m] + 32 > PVABI_SCEN_PAGE))
			FAIL("<clock>: a 32-byte record at offset %ld is not aligned inside the page (%s)",
			     out->off[m], pvabi_mode_name((enum pvabi_mode)m));
	}
	if (e) {
		if (strncmp(e, ">=$", 3))
			FAIL("<clock>: expect '%s' is not >=$NAME or >=$NAME+N", e);
		plus = strchr(e, '+');
		n = plus ? (size_t)(plus - e - 3) : strlen(e + 3);
		for (m = 0; m < (int)vars->n; m++)
			if (strcspn(vars->name[m], "=") == n && !strncmp(vars->name[m], e + 3, n))
				out->cmp_var = m;
		if (out->cmp_var < 0)
			FAIL("<clock>: expect '%s' names no variable an earlier step bound", e);
		if (plus) {
			char *end;

			errno = 0;
			out->cmp_add = strtoull(plus + 1, &end, 0);
			if (errno || *end || end == plus + 1)
				FAIL("<clock>: expect '%s': +N is not a number", e);
		}
	}
	if (!st->bind)
		return 0;
	n = strlen(st->bind);
	for (m = 0; m < (int)vars->n; m++)
		if (strcspn(vars->name[m], "=") == n && !strncmp(vars->name[m], st->bind, n))
			break;
	if (m == (int)vars->n && vars->n == PVABI_SCEN_MAX_VARS)
		FAIL("bind '%s': more than %d variables", st->bind, PVABI_SCEN_MAX_VARS);
	if (m == (int)vars->n)
		vars->name[vars->n++] = st->bind;
	vars->pages &= ~(1u << m);
	vars->wide |= 1u << m; /* a pvclock time: a u64 of ns */
	out->bind_var = m;
	return 0;
}

static int place(const struct pvabi_spec *s, const struct pvabi_step *st, int rev,
		 const struct pvabi_vars *vars, struct pvabi_m2step *out, char *err, size_t errlen)
{
	const char *what = st->kind == PVABI_STEP_READ ? "<read>" : "<write>";
	int m;

	if (page_of(vars, what, st->at, &out->var, err, errlen))
		return -1;
	if (st->bit && (out->bit_var = var_of(vars, st->bit)) < 0)
		FAIL("%s: bit '%s' is not a $NAME bound by an earlier step", what, st->bit);
	if (st->field && field_offsets(s, st->field, rev, out->off, err, errlen))
		return -1;
	for (m = 0; m < PVABI_MODE_COUNT; m++) {
		if (!st->field)
			out->off[m] = st->offset;
		if (out->off[m] >= 0 &&
		    (out->off[m] % st->width || out->off[m] + st->width > PVABI_SCEN_PAGE))
			FAIL("%s: offset %ld width %u is not an aligned access inside the page (%s)",
			     what, out->off[m], st->width, pvabi_mode_name((enum pvabi_mode)m));
	}
	return 0;
}

int pvabi_m2_resolve(const struct pvabi_spec *s, const struct pvabi_step *st, int rev,
		     struct pvabi_vars *vars, struct pvabi_m2step *out, char *err, size_t errlen)
{
	struct pvabi_rstep rs;

	memset(out, 0, sizeof(*out));
	out->var = out->bit_var = out->bind_var = out->cmp_var = PVABI_NONE;
	switch (st->kind) {
	case PVABI_STEP_PAGE:
		if (pvabi_step_resolve(s, st, rev, vars, &rs, err, errlen))
			return -1;
		out->var = rs.bind_var;
		return 0;
	case PVABI_STEP_READ:
	case PVABI_STEP_WRITE:
		return place(s, st, rev, vars, out, err, errlen);
	case PVABI_STEP_CLOCK:
		return clock(s, st, rev, vars, out, err, errlen);
	case PVABI_STEP_CHECK:
		if (pvabi_step_check_resolve(s, st, rev, vars, &rs, err, errlen))
			return -1;
		out->x = rs.x;
		out->judge = rs.v.checks[0];
		return 0;
	case PVABI_STEP_WAIT:
		if (st->retry)
			FAIL("<wait> takes no retry");
		if (!st->at)
			return 0;
		if (page_of(vars, "<wait> ack", st->at, &out->var, err, errlen))
			return -1;
		out->off[0] = out->off[1] = st->offset;
		return 0;
	default:
		FAIL("a call is not resolved here");
	}
}
