/* Loopback between the generated guest stubs (one object per revision)
 * and the generated platform dispatch, for the mini spec. Kept free of
 * both generated headers so each side can include its own. */
#ifndef PVABI_GEN_LOOP_H
#define PVABI_GEN_LOOP_H

#include <stddef.h>
#include <stdint.h>

#define LOOP_MEM_SIZE 65536
#define LOOP_RET_BASE 7700 /* handlers return LOOP_RET_BASE + op */

struct loop_call {
	int called;
	uint32_t op, nargs;
	uint64_t args[8];
	uint64_t ptr_size[8];
};

extern struct loop_call loop_last;
extern unsigned char loop_mem[LOOP_MEM_SIZE];

void loop_reset(void);
/* Records a negotiation of rev with granted features in the dispatch. */
int loop_negotiate(uint32_t rev, uint64_t granted);
void loop_forget(void);
/* Op id of a name the dispatch knows, or UINT32_MAX. */
uint32_t loop_op(const char *name);
/* Error value by name, from the platform header. */
int64_t loop_err(const char *name);
/* Raw call, for ops outside a revision's stubs. */
int64_t loop_raw(uint32_t op, uint32_t nargs, const uint64_t *args);

void loop_stubs_1_0(void);
void loop_stubs_1_1(void);
void loop_stubs_1_2(void);

#endif
