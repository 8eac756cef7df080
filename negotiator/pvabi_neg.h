/* pvabi negotiator: the guest and the platform agree on one ABI revision
 * and one feature set, or fail with a machine-readable reason.
 *
 * Freestanding on purpose: the same code is linked into 32-bit and 64-bit
 * guest kernels and into the host-side platform, so it uses no libc, never
 * allocates and never exits. Every output goes into caller memory.
 *
 * The wire format (magic, layout, sizes, offsets) is specified in
 * docs/negotiation.md; layout 0 of both messages is frozen forever.
 *
 * A revision "M.m" is the u32 M << 16 | m throughout the project. */
#ifndef PVABI_NEG_H
#define PVABI_NEG_H

#include <stddef.h>
#include <stdint.h>

#define PVABI_NEG_REV(major, minor) \
	((uint32_t)(((uint32_t)(major) << 16) | ((uint32_t)(minor) & 0xffffu)))
#define PVABI_NEG_REV_MAJOR(rev) ((uint32_t)(rev) >> 16)
#define PVABI_NEG_REV_MINOR(rev) ((uint32_t)(rev) & 0xffffu)

/* Same bound as the registry's list of served revisions, so a "behave as
 * release R" profile always fits without allocation. */
#define PVABI_NEG_MAX_REVS 64

/* Wire constants. The magics differ so an answer can never be mistaken for
 * an offer (or a stale buffer for either). */
#define PVABI_NEG_OFFER_MAGIC 0x4f4e5650u  /* "PVNO" in memory order */
#define PVABI_NEG_ANSWER_MAGIC 0x414e5650u /* "PVNA" in memory order */
#define PVABI_NEG_LAYOUT 0u                /* newest layout this code writes */
#define PVABI_NEG_OFFER_SIZE 40u           /* layout 0 */
#define PVABI_NEG_ANSWER_SIZE 72u          /* layout 0 */

/* Outcome of a negotiation. Values travel on the wire: never renumber. */
enum pvabi_neg_status {
	PVABI_NEG_OK = 0,
	PVABI_NEG_NO_COMMON_REVISION = 1,
	PVABI_NEG_MISSING_REQUIRED_FEATURES = 2,
	PVABI_NEG_ALREADY_NEGOTIATED = 3,
	PVABI_NEG_MALFORMED = 4,
};

/* Why a message was MALFORMED. Offer defects travel in the answer; the
 * guest ORs PVABI_NEG_DEFECT_IN_ANSWER into its own copy when it is the
 * platform's answer that could not be accepted. */
enum pvabi_neg_defect {
	PVABI_NEG_DEFECT_NONE = 0,
	PVABI_NEG_DEFECT_TRUNCATED = 1,      /* shorter than its header or size */
	PVABI_NEG_DEFECT_BAD_MAGIC = 2,
	PVABI_NEG_DEFECT_BAD_SIZE = 3,       /* < layout 0, or wrong for its layout */
	PVABI_NEG_DEFECT_BAD_LAYOUT = 4,     /* "newer" layout that is not larger */
	PVABI_NEG_DEFECT_INVERTED_RANGE = 5, /* min > max */
	PVABI_NEG_DEFECT_RESERVED = 6,       /* a reserved field is not zero */
	PVABI_NEG_DEFECT_BAD_STATUS = 7,     /* unknown status or defect value */
	PVABI_NEG_DEFECT_INCONSISTENT = 8,   /* answer contradicts the offer */
};
#define PVABI_NEG_DEFECT_IN_ANSWER 0x80000000u

/* Negative return codes of the functions below. */
enum pvabi_neg_error {
	PVABI_NEG_ENOSPC = -1,    /* output buffer too small */
	PVABI_NEG_EINVAL = -2,    /* invalid argument (e.g. inverted range) */
	PVABI_NEG_ETOOMANY = -3,  /* more than PVABI_NEG_MAX_REVS revisions */
	PVABI_NEG_EDUP = -4,      /* a revision or key given twice */
	PVABI_NEG_ENOSERVED = -5, /* a profile serving no revision */
	PVABI_NEG_EREV = -6,      /* not a revision M.m */
	PVABI_NEG_EMASK = -7,     /* not a 64-bit number */
	PVABI_NEG_ERANGE = -8,    /* inverted range */
	PVABI_NEG_ESPAN = -9,     /* a platform range spanning majors */
	PVABI_NEG_EITEM = -10,    /* unknown or empty item */
};

/* What the guest sends (in memory; see pvabi_neg_offer_encode). */
struct pvabi_neg_offer {
	uint32_t rev_min, rev_max; /* inclusive range of revisions it speaks */
	uint64_t required;         /* features it cannot run without */
	uint64_t optional;         /* features it uses when granted */
	uint64_t guest_id;         /* opaque, echoed for logs */
};

/* What the platform answers. The guest range and id are echoed so one
 * answer is the whole negotiated record. chosen is meaningful for OK and
 * MISSING_REQUIRED_FEATURES (the revision the features were judged at) and
 * ALREADY_NEGOTIATED (the revision agreed earlier). */
struct pvabi_neg_answer {
	uint32_t status; /* enum pvabi_neg_status */
	uint32_t defect; /* enum pvabi_neg_defect, MALFORMED only */
	uint32_t chosen;
	uint32_t guest_min, guest_max;
	uint32_t platform_min, platform_max; /* lowest/highest served */
	uint64_t granted;
	uint64_t missing; /* required features the platform cannot grant */
	uint64_t guest_id, platform_id;
};

/* Plain description of one revision, as the registry loader produces it
 * for "behave as release R". served == 0 marks a withdrawn release: a hole
 * that is listed so explanations can name it. */
struct pvabi_neg_rev_desc {
	uint32_t rev;
	int served;
	uint64_t features_defined;
};

/* What a platform serves. Build it with pvabi_neg_profile_build; revs[]
 * is ascending and entries past nrevs are zero, so equal profiles compare
 * equal byte for byte. */
struct pvabi_neg_profile {
	uint32_t nrevs;
	uint32_t min, max;                     /* lowest/highest served */
	uint32_t pad0;                         /* always 0 */
	uint32_t revs[PVABI_NEG_MAX_REVS];
	uint64_t defined[PVABI_NEG_MAX_REVS];  /* features defined in revs[i] */
	uint64_t served;                       /* bit i: revs[i] is served */
	uint64_t offered;                      /* features the platform has */
	uint64_t platform_id;
};

/* Platform-side memory of one guest's session: a second negotiation after
 * a successful one is refused, because the dispatch already serves the
 * first agreement. */
struct pvabi_neg_session {
	uint32_t negotiated;
	uint32_t rev;
	uint64_t granted;
};

struct pvabi_neg_span {
	size_t off, len; /* the offending item within a parsed string */
};

/* --- wire --------------------------------------------------------------- */

/* Each encoder returns the bytes written or a negative enum pvabi_neg_error. */
int pvabi_neg_offer_encode(const struct pvabi_neg_offer *o, void *buf,
			   size_t cap);
int pvabi_neg_answer_encode(const struct pvabi_neg_answer *a, void *buf,
			    size_t cap);
/* Each decoder reads at most len bytes and returns PVABI_NEG_DEFECT_NONE
 * with *out filled, or the defect with *out zeroed. */
enum pvabi_neg_defect pvabi_neg_offer_decode(const void *buf, size_t len,
					     struct pvabi_neg_offer *out);
enum pvabi_neg_defect pvabi_neg_answer_decode(const void *buf, size_t len,
					      struct pvabi_neg_answer *out);

/* --- platform ------------------------------------------------------------ */

/* Returns 0 or PVABI_NEG_ETOOMANY/EDUP/ENOSERVED. Order of d[] is free. */
int pvabi_neg_profile_build(struct pvabi_neg_profile *p,
			    const struct pvabi_neg_rev_desc *d, size_t n,
			    uint64_t offered, uint64_t platform_id);
void pvabi_neg_session_init(struct pvabi_neg_session *s);
/* The pure decision for a well-formed offer, ignoring any session. */
void pvabi_neg_decide(const struct pvabi_neg_profile *p,
		      const struct pvabi_neg_offer *o,
		      struct pvabi_neg_answer *a);
/* The decision within a session (remembers success). Returns a->status. */
enum pvabi_neg_status pvabi_neg_platform_answer(struct pvabi_neg_session *s,
						const struct pvabi_neg_profile *p,
						const struct pvabi_neg_offer *o,
						struct pvabi_neg_answer *a);
/* Operation 0 on the platform: decode req, answer, encode into resp.
 * Returns the answer's size or PVABI_NEG_ENOSPC; *a gets the answer. */
int pvabi_neg_platform_serve(struct pvabi_neg_session *s,
			     const struct pvabi_neg_profile *p,
			     const void *req, size_t req_len, void *resp,
			     size_t resp_cap, struct pvabi_neg_answer *a);

/* --- guest --------------------------------------------------------------- */

/* Decodes the platform's answer to the offer `sent` and checks that it
 * answers that offer. A bad answer gives MALFORMED with a->defect holding
 * PVABI_NEG_DEFECT_IN_ANSWER | the defect. Returns a->status. */
enum pvabi_neg_status pvabi_neg_guest_accept(const struct pvabi_neg_offer *sent,
					     const void *buf, size_t len,
					     struct pvabi_neg_answer *a);

/* --- text ---------------------------------------------------------------- */

const char *pvabi_neg_status_name(uint32_t status); /* "OK", ... */
const char *pvabi_neg_defect_name(uint32_t defect); /* "bad-magic", ... */
const char *pvabi_neg_error_str(int err);
/* Writers below return the length written (without the NUL) or
 * PVABI_NEG_ENOSPC; they always NUL-terminate when cap > 0, truncating. */
int pvabi_neg_rev_format(uint32_t rev, char *buf, size_t cap); /* "M.m" */
/* The answer in words. p (may be NULL) adds the platform's holes. */
int pvabi_neg_explain(const struct pvabi_neg_answer *a,
		      const struct pvabi_neg_profile *p, char *buf, size_t cap);
/* One line of JSON, no newline; side is "guest" or "platform". */
int pvabi_neg_record_json(const char *side, const struct pvabi_neg_answer *a,
			  char *buf, size_t cap);

/* --- parsing (command lines, test descriptions) --------------------------- */

/* "M.m", each part 0-65535, no sign, no leading zeros. */
int pvabi_neg_parse_rev(const char *s, size_t n, uint32_t *rev);
/* "0x" hex or decimal, 64 bits. */
int pvabi_neg_parse_u64(const char *s, size_t n, uint64_t *v);
/* "MIN-MAX|REV[,req=MASK][,opt=MASK][,id=N]" into an offer. */
int pvabi_neg_parse_guest(const char *spec, struct pvabi_neg_offer *o,
			  struct pvabi_neg_span *bad);
/* "REV|MIN-MAX[:DEFINED],...[,features=MASK][,id=N]" into a profile.
 * Ranges stay within one major; minors missing between listed ones of a
 * major are withdrawn revisions (holes). */
int pvabi_neg_parse_platform(const char *spec, struct pvabi_neg_profile *p,
			     struct pvabi_neg_span *bad);

#endif
