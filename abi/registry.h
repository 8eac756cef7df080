/* ABI-VERSIONS.xml: the registry of an ABI's revisions, their status and
 * the fingerprint of each released revision's frozen content. */
#ifndef PVABI_REGISTRY_H
#define PVABI_REGISTRY_H

#include <stddef.h>
#include <stdio.h>

#include "abi/diag.h"
#include "abi/model.h"

enum pvabi_rev_status {
	PVABI_STATUS_DRAFT,
	PVABI_STATUS_RELEASED,
	PVABI_STATUS_DEPRECATED, /* released, still served, going away */
	PVABI_STATUS_RETIRED,    /* released once, no longer served: a hole */
};

#define PVABI_MAX_SERVES 64

/* A later description generation's fingerprint of a released revision
 * (<described generation="N" fingerprint=...>): it holds the items a
 * format 2 spec described after the revision's fingerprint= was
 * recorded, which that one leaves out (spec-language.md, "Description
 * generations"). */
struct pvabi_reg_gen {
	int generation;          /* above the registry's described= */
	const char *fingerprint; /* of the items up to that generation */
	struct pvabi_loc loc;
};

#define PVABI_MAX_GENERATIONS 16

struct pvabi_reg_rev {
	const char *id;
	unsigned int major, minor;
	enum pvabi_rev_status status;
	const char *date;        /* YYYY-MM-DD or NULL */
	const char *fingerprint; /* "sha256:..." or NULL */
	struct pvabi_reg_gen gens[PVABI_MAX_GENERATIONS]; /* increasing */
	size_t ngens;
	const char *serves[PVABI_MAX_SERVES]; /* what that release served */
	size_t nserves;
	const char *doc;
	struct pvabi_loc loc;
};

/* A release of the platform itself (a hypervisor's own version, for a
 * format 2 ABI): what a guest reads from it, per guest type. The matrix
 * predicts those values from here, not from the code. */
#define PVABI_MAX_GUEST_TYPES 4

struct pvabi_reg_guest {
	const char *type;      /* "pv", "pvh" */
	const char *features0; /* feature submap 0, "0x..." or NULL */
};

struct pvabi_reg_release {
	const char *id;           /* "4.17.7" */
	const char *code;         /* its version code, "0x40011" */
	const char *extraversion; /* ".7" or NULL */
	struct pvabi_reg_guest guests[PVABI_MAX_GUEST_TYPES];
	size_t nguests;
	const char *doc;
	struct pvabi_loc loc;
};

/* A correction of released revisions' description (<correction>): the
 * spec was wrong about what they always were, and each <moved> says
 * which recorded fingerprint the corrected description moved from and
 * to. The recorded fingerprints stay as released; what the spec must
 * hash to is the end of their chain of moves (pvabi_registry_current). */
struct pvabi_reg_moved {
	const char *rev;
	int generation; /* the registry's described= unless given */
	const char *from, *to;
	struct pvabi_loc loc;
};

struct pvabi_reg_correction {
	const char *date;   /* YYYY-MM-DD */
	const char *reason; /* <reason>: why the description was wrong */
	struct pvabi_reg_moved *moved;
	size_t nmoved;
	struct pvabi_loc loc;
};

struct pvabi_registry {
	const char *file;
	const char *abi;
	const char *spec; /* spec path relative to the registry, or NULL */
	const char *comment; /* the comment before <abi-versions>, or NULL */
	int described; /* the description generation fingerprint= covers */
	struct pvabi_loc loc; /* the <abi-versions> element */
	const char *window_from, *window_to;
	struct pvabi_loc window_loc;
	struct pvabi_reg_rev *revs;
	size_t nrevs;
	struct pvabi_reg_release *rels; /* after the revisions, in file order */
	size_t nrels;
	struct pvabi_reg_correction *corrs; /* in file order, oldest first */
	size_t ncorrs;
	struct pvabi_arena *arena;
};

struct pvabi_registry *pvabi_registry_load(const char *path,
					   struct pvabi_diags *d);
/* Same, from a buffer; name is used in messages. */
struct pvabi_registry *pvabi_registry_load_mem(const char *buf, size_t len,
					       const char *name,
					       struct pvabi_diags *d);
void pvabi_registry_free(struct pvabi_registry *r);
int pvabi_registry_find(const struct pvabi_registry *r, const char *id);
/* The platform release id, or NULL. */
const struct pvabi_reg_release *pvabi_registry_release(const struct pvabi_registry *r,
						       const char *id);
const char *pvabi_status_name(enum pvabi_rev_status s);
/* The newest description generation a fingerprint of r holds: its
 * described= or the highest <described generation=> recorded. */
int pvabi_registry_generation(const struct pvabi_registry *r);
/* The lowest generation above gen that a revision of r records, or 0:
 * from r->described on, the generations r holds. */
int pvabi_registry_next_generation(const struct pvabi_registry *r, int gen);
/* Revision ri's fingerprint of generation gen: fingerprint= for the
 * registry's described=, else its <described>; NULL if not recorded. */
const char *pvabi_registry_fingerprint(const struct pvabi_registry *r, size_t ri, int gen);
/* The same after the registry's corrections: what revision ri's
 * description of generation gen hashes to now; NULL if not recorded. */
const char *pvabi_registry_current(const struct pvabi_registry *r, size_t ri, int gen);
/* Released, deprecated or retired: content frozen, fingerprint required. */
int pvabi_status_frozen(enum pvabi_rev_status s);

/* Writes the registry as XML to f; 0 or -EIO. */
int pvabi_registry_write(const struct pvabi_registry *r, FILE *f);
/* Writes the registry back (atomically: temp file + rename), so release
 * tooling never leaves a half-written lockfile. Returns 0 or -errno. */
int pvabi_registry_save(const struct pvabi_registry *r, const char *path);

#endif
