/* The platform under test of the pvp handler suites: one pvp_ctx over
 * guest memory in this process, restarted by each test at the revision
 * and features it needs, with its log and injections captured. */
#ifndef PVABI_PVP_TEST_ENV_H
#define PVABI_PVP_TEST_ENV_H

#include "platform/pvp/tests/pvp_fixture.h"

#define MEM (1u << 20)
#define NEG_AT 0x8000u /* offer and answer */
#define BUF 0x9000u    /* scratch for out arguments */
#define R(a, b) PVABI_NEG_REV(a, b)
#define ALL ~UINT64_C(0)
#define U(x) ((uint64_t)(x))

extern struct gmem pt_mem;
extern struct pvp_ctx pt;
extern struct logbuf pt_log;
/* The last injected event and the number of injections since pt_start. */
extern uint32_t pt_injected_vcpu, pt_injected_vector, pt_injections;

/* A platform with nvcpus vCPUs that negotiated exactly rev with the
 * features in `features`. */
void pt_start(uint32_t rev, uint64_t features, uint32_t nvcpus);
/* Op `op` with n uint64_t arguments through the platform's dispatch. */
int64_t pt_call(uint32_t op, uint32_t n, ...);
uint64_t pt_rd64(uint64_t gpa);
uint32_t pt_rd32(uint64_t gpa);
void pt_wr32(uint64_t gpa, uint32_t v);
/* Frees the platform and its memory (a suite's cleanup). */
int pt_cleanup(void);

/* The suites' cases, one file each. */
extern const struct pvabi_test_case pvp_platform_cases[];
extern const struct pvabi_test_case pvp_cpu_cases[];
extern const struct pvabi_test_case pvp_mmu_cases[];
extern const struct pvabi_test_case pvp_time_cases[];
extern const struct pvabi_test_case pvp_evtchn_cases[];
extern const struct pvabi_test_case pvp_layout_cases[];

#endif
