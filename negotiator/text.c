/* Names, explanations and the JSON record. No snprintf here: a guest
 * kernel has none, and both sides must print the same record. */
#include "negotiator/neg_internal.h"

void pvabi_neg_out_init(struct pvabi_neg_out *o, char *buf, size_t cap)
{
	o->buf = buf;
	o->cap = cap;
	o->len = 0;
	o->full = 0;
	if (cap)
		buf[0] = '\0';
}

static void out_char(struct pvabi_neg_out *o, char c)
{
	/* One byte is always kept for the NUL. */
	if (o->full || o->len + 1 >= o->cap) {
		o->full = 1;
		return;
	}
	o->buf[o->len++] = c;
}

void pvabi_neg_out_str(struct pvabi_neg_out *o, const char *s)
{
	while (*s)
		out_char(o, *s++);
}

void pvabi_neg_out_u32(struct pvabi_neg_out *o, uint32_t v)
{
	char d[10];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		out_char(o, d[--n]);
}

/* Hex, not decimal, for 64-bit values: 64-bit division is a libgcc call
 * in 32-bit guests, and masks read better in hex anyway. */
void pvabi_neg_out_hex(struct pvabi_neg_out *o, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	int shift = 60;

	pvabi_neg_out_str(o, "0x");
	while (shift > 0 && !(v >> shift & 0xf))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		out_char(o, digits[v >> shift & 0xf]);
}

void pvabi_neg_out_rev(struct pvabi_neg_out *o, uint32_t rev)
{
	pvabi_neg_out_u32(o, PVABI_NEG_REV_MAJOR(rev));
	out_char(o, '.');
	pvabi_neg_out_u32(o, PVABI_NEG_REV_MINOR(rev));
}

int pvabi_neg_out_end(struct pvabi_neg_out *o)
{
	if (o->cap)
		o->buf[o->len] = '\0';
	return o->full ? PVABI_NEG_ENOSPC : (int)o->len;
}

int pvabi_neg_rev_format(uint32_t rev, char *buf, size_t cap)
{
	struct pvabi_neg_out o;

	pvabi_neg_out_init(&o, buf, cap);
	pvabi_neg_out_rev(&o, rev);
	return pvabi_neg_out_end(&o);
}

const char *pvabi_neg_status_name(uint32_t status)
{
	static const char *const names[] = {
		"OK", "NO_COMMON_REVISION", "MISSING_REQUIRED_FEATURES",
		"ALREADY_NEGOTIATED", "MALFORMED",
	};

	return status < sizeof(names) / sizeof(names[0]) ? names[status] : "UNKNOWN";
}

static const char *const defect_names[][2] = {
	{ "none", "no defect" },
	{ "truncated", "shorter than its header or its size field" },
	{ "bad-magic", "wrong magic number" },
	{ "bad-size", "size smaller than layout 0 or wrong for its layout" },
	{ "bad-layout", "claims a newer layout without being larger" },
	{ "inverted-range", "revision range with min above max" },
	{ "reserved-nonzero", "a reserved field is not zero" },
	{ "bad-status", "unknown status or defect code" },
	{ "inconsistent", "does not answer the offer that was sent" },
};

static const char *defect_text(uint32_t defect, int words)
{
	defect &= ~PVABI_NEG_DEFECT_IN_ANSWER;
	if (defect >= sizeof(defect_names) / sizeof(defect_names[0]))
		return words ? "unknown defect" : "unknown";
	return defect_names[defect][words];
}

const char *pvabi_neg_defect_name(uint32_t defect)
{
	return defect_text(defect, 0);
}

const char *pvabi_neg_error_str(int err)
{
	switch (err) {
	case PVABI_NEG_ENOSPC: return "output buffer too small";
	case PVABI_NEG_EINVAL: return "invalid argument";
	case PVABI_NEG_ETOOMANY: return "more than 64 revisions";
	case PVABI_NEG_EDUP: return "given twice";
	case PVABI_NEG_ENOSERVED: return "no revision served";
	case PVABI_NEG_EREV: return "not a revision (expected M.m, each 0-65535)";
	case PVABI_NEG_EMASK: return "not a 64-bit number (expected 0xHEX or decimal)";
	case PVABI_NEG_ERANGE: return "inverted range (min above max)";
	case PVABI_NEG_ESPAN: return "range spans majors (list each major's range)";
	case PVABI_NEG_EITEM: return "unknown or empty item";
	default: return err >= 0 ? "success" : "unknown error";
	}
}

static void out_range(struct pvabi_neg_out *o, uint32_t lo, uint32_t hi)
{
	pvabi_neg_out_rev(o, lo);
	if (hi != lo) {
		out_char(o, '-');
		pvabi_neg_out_rev(o, hi);
	}
}

/* Withdrawn revisions inside the served span: the reason a guest whose
 * range overlaps the platform's can still find no common revision. */
static void out_holes(struct pvabi_neg_out *o, const struct pvabi_neg_profile *p)
{
	uint32_t i, n = p->nrevs < PVABI_NEG_MAX_REVS ? p->nrevs : PVABI_NEG_MAX_REVS;
	int first = 1;

	for (i = 0; i < n; i++) {
		if (p->served >> i & 1 || p->revs[i] < p->min || p->revs[i] > p->max)
			continue;
		pvabi_neg_out_str(o, first ? " (holes: " : ", ");
		pvabi_neg_out_rev(o, p->revs[i]);
		first = 0;
	}
	if (!first)
		out_char(o, ')');
}

static void out_ranges(struct pvabi_neg_out *o, const struct pvabi_neg_answer *a,
		       const struct pvabi_neg_profile *p)
{
	pvabi_neg_out_str(o, "guest offers ");
	out_range(o, a->guest_min, a->guest_max);
	pvabi_neg_out_str(o, ", platform serves ");
	out_range(o, a->platform_min, a->platform_max);
	if (p)
		out_holes(o, p);
}

static void explain_malformed(struct pvabi_neg_out *o, const struct pvabi_neg_answer *a)
{
	int in_answer = (a->defect & PVABI_NEG_DEFECT_IN_ANSWER) != 0;

	pvabi_neg_out_str(o, in_answer ? "malformed answer: the guest rejected the platform's answer ("
				       : "malformed offer: the platform rejected the guest's offer (");
	pvabi_neg_out_str(o, defect_text(a->defect, 0));
	pvabi_neg_out_str(o, "): ");
	pvabi_neg_out_str(o, defect_text(a->defect, 1));
}

int pvabi_neg_explain(const struct pvabi_neg_answer *a,
		      const struct pvabi_neg_profile *p, char *buf, size_t cap)
{
	struct pvabi_neg_out o;

	pvabi_neg_out_init(&o, buf, cap);
	switch (a->status) {
	case PVABI_NEG_OK:
		pvabi_neg_out_str(&o, "negotiated revision ");
		pvabi_neg_out_rev(&o, a->chosen);
		pvabi_neg_out_str(&o, " with features ");
		pvabi_neg_out_hex(&o, a->granted);
		pvabi_neg_out_str(&o, ": ");
		out_ranges(&o, a, p);
		break;
	case PVABI_NEG_NO_COMMON_REVISION:
		pvabi_neg_out_str(&o, "no common revision: ");
		out_ranges(&o, a, p);
		break;
	case PVABI_NEG_MISSING_REQUIRED_FEATURES:
		pvabi_neg_out_str(&o, "missing required features ");
		pvabi_neg_out_hex(&o, a->missing);
		pvabi_neg_out_str(&o, ": the platform cannot grant them at revision ");
		pvabi_neg_out_rev(&o, a->chosen);
		pvabi_neg_out_str(&o, ", the highest both serve; ");
		out_ranges(&o, a, p);
		break;
	case PVABI_NEG_ALREADY_NEGOTIATED:
		pvabi_neg_out_str(&o, "already negotiated: this session keeps revision ");
		pvabi_neg_out_rev(&o, a->chosen);
		pvabi_neg_out_str(&o, " with features ");
		pvabi_neg_out_hex(&o, a->granted);
		pvabi_neg_out_str(&o, " agreed earlier");
		break;
	case PVABI_NEG_MALFORMED:
		explain_malformed(&o, a);
		break;
	default:
		pvabi_neg_out_str(&o, "unknown status");
	}
	return pvabi_neg_out_end(&o);
}

static void json_key(struct pvabi_neg_out *o, const char *key)
{
	pvabi_neg_out_str(o, ",\"");
	pvabi_neg_out_str(o, key);
	pvabi_neg_out_str(o, "\":");
}

static void json_hex(struct pvabi_neg_out *o, const char *key, uint64_t v)
{
	json_key(o, key);
	out_char(o, '"');
	pvabi_neg_out_hex(o, v);
	out_char(o, '"');
}

static void json_range(struct pvabi_neg_out *o, const char *key, uint32_t lo, uint32_t hi)
{
	json_key(o, key);
	pvabi_neg_out_str(o, "[\"");
	pvabi_neg_out_rev(o, lo);
	pvabi_neg_out_str(o, "\",\"");
	pvabi_neg_out_rev(o, hi);
	pvabi_neg_out_str(o, "\"]");
}

/* Revision only where the status gives it a meaning, null elsewhere, so a
 * reader never mistakes a placeholder 0.0 for an agreement. */
static void json_chosen(struct pvabi_neg_out *o, const struct pvabi_neg_answer *a)
{
	json_key(o, "revision");
	if (a->status == PVABI_NEG_OK || a->status == PVABI_NEG_MISSING_REQUIRED_FEATURES ||
	    a->status == PVABI_NEG_ALREADY_NEGOTIATED) {
		out_char(o, '"');
		pvabi_neg_out_rev(o, a->chosen);
		out_char(o, '"');
	} else {
		pvabi_neg_out_str(o, "null");
	}
}

static void json_defect(struct pvabi_neg_out *o, const struct pvabi_neg_answer *a)
{
	json_key(o, "defect");
	if (a->status != PVABI_NEG_MALFORMED) {
		pvabi_neg_out_str(o, "null");
		return;
	}
	pvabi_neg_out_str(o, a->defect & PVABI_NEG_DEFECT_IN_ANSWER ? "\"answer:" : "\"offer:");
	pvabi_neg_out_str(o, defect_text(a->defect, 0));
	out_char(o, '"');
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int pvabi_neg_record_json(const char *side, const struct pvabi_neg_answer *a,
			  char *buf, size_t cap)
{
	struct pvabi_neg_out o;

	pvabi_neg_out_init(&o, buf, cap);
	/* Only the two fixed names: the side is copied unescaped. */
	if (!str_eq(side, "guest") && !str_eq(side, "platform"))
		return PVABI_NEG_EINVAL;
	pvabi_neg_out_str(&o, "{\"side\":\"");
	pvabi_neg_out_str(&o, side);
	pvabi_neg_out_str(&o, "\"");
	json_key(&o, "status");
	out_char(&o, '"');
	pvabi_neg_out_str(&o, pvabi_neg_status_name(a->status));
	out_char(&o, '"');
	json_chosen(&o, a);
	json_hex(&o, "granted", a->granted);
	json_hex(&o, "missing", a->missing);
	json_range(&o, "guest_range", a->guest_min, a->guest_max);
	json_range(&o, "platform_range", a->platform_min, a->platform_max);
	json_hex(&o, "guest_id", a->guest_id);
	json_hex(&o, "platform_id", a->platform_id);
	json_defect(&o, a);
	out_char(&o, '}');
	return pvabi_neg_out_end(&o);
}
