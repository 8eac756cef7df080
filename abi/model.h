/* The in-memory model of one spec file: plain C structs, built once by the
 * loader, never modified afterwards, freed in one go.
 *
 * History is kept as revision indices: every element carries a lifetime
 * (since / deprecated / removed) whose values index spec->revs, which the
 * loader has already checked to be in strictly increasing order. A
 * revision "view" is then just a predicate: element e exists in revision r
 * iff since <= r && (removed < 0 || r < removed).
 */
#ifndef PVABI_MODEL_H
#define PVABI_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model_base.h"
#include "abi/model_types.h"
#include "abi/model_feature.h"
#include "abi/model_op.h"
#include "abi/model_scen.h"

/* An accepted break: finding `rule` on `target` at revision `rev` is
 * reported as waived instead of breaking. */
struct pvabi_waiver {
	const char *rule;
	int rev;
	const char *target; /* "op:set_timer", "struct:time_info.flags" */
	const char *justification;
	struct pvabi_loc loc;
	int used; /* set by the checker */
};

struct pvabi_arena;
struct pvabi_layouts;
struct pvabi_limit; /* abi/limit.h */
struct canon_ranks;

struct pvabi_spec {
	const char *file;
	const char *name;  /* abi name */
	unsigned int format;
	const char *doc;
	int default_conv;  /* index in convs */
	struct pvabi_rev *revs;
	size_t nrevs;
	struct pvabi_conv *convs;
	size_t nconvs;
	struct pvabi_error *errors;
	size_t nerrors;
	struct pvabi_enum *enums;
	size_t nenums;
	struct pvabi_feature *features;
	size_t nfeatures;
	struct pvabi_struct *structs;
	size_t nstructs;
	struct pvabi_op *ops;
	size_t nops;
	struct pvabi_waiver *waivers;
	size_t nwaivers;
	struct pvabi_scenario *scenarios;
	size_t nscenarios;
	/* Every struct after the structs it contains (abi/struct_order.c);
	 * NULL when the loader did not compute it. */
	const int *struct_order;
	/* Struct layouts per revision, computed once each on first use
	 * (abi/layout.c); NULL for a model not made by the loader. */
	struct pvabi_layouts *layouts;
	struct pvabi_limit *limits;
	size_t nlimits;
	/* The ranks canonical lines sort by (abi/canon_order.c), made on
	 * first use: one block, freed with free(). */
	struct canon_ranks *canon_ranks;
	/* format 2 */
	unsigned int modes;   /* bit per enum pvabi_mode; 0 in format 1 */
	struct pvabi_typedef *typedefs;
	size_t ntypedefs;
	struct pvabi_nego nego;
	int has_nego;
	struct pvabi_arena *arena; /* owns every string and array above */
	/* name -> index maps, one per kind, built by the loader */
	struct pvabi_names *op_names, *struct_names, *enum_names,
		*feature_names, *error_names, *conv_names, *rev_names;
};

/* Index of revision id in spec->revs, or PVABI_NONE. */
int pvabi_spec_rev(const struct pvabi_spec *spec, const char *id);
int pvabi_spec_op(const struct pvabi_spec *spec, const char *name);
int pvabi_spec_struct(const struct pvabi_spec *spec, const char *name);
int pvabi_spec_enum(const struct pvabi_spec *spec, const char *name);
int pvabi_spec_feature(const struct pvabi_spec *spec, const char *name);
int pvabi_spec_error(const struct pvabi_spec *spec, const char *name);

/* Feature bits defined in revision rev. */
uint64_t pvabi_spec_feature_mask(const struct pvabi_spec *spec, int rev);

void pvabi_spec_free(struct pvabi_spec *spec);

/* Sizes and layouts of the types above, after their definitions. */
#include "abi/layout.h"

#endif
