/* The pvp reference platform's handlers, called through the generated
 * dispatch over guest memory in this process: what each op's <doc> in
 * spec/platform.xml promises, beyond what the conformance vectors (which
 * only see one guest's view) can observe. One suite per subject
 * (test_pvp_*.c, over the platform of pvp_env.c), then hostile frames
 * (test_hostile_frames.c). */
#include "platform/pvp/tests/pvp_env.h"

static const struct pvabi_test_suite suites[] = {
	{ "pvp_platform", pvp_platform_cases, NULL, pt_cleanup },
	{ "pvp_cpu", pvp_cpu_cases, NULL, pt_cleanup },
	{ "pvp_mmu", pvp_mmu_cases, NULL, pt_cleanup },
	{ "pvp_time", pvp_time_cases, NULL, pt_cleanup },
	{ "pvp_evtchn", pvp_evtchn_cases, NULL, pt_cleanup },
	{ "pvp_layout", pvp_layout_cases, NULL, pt_cleanup },
	{ "pvp_hostile", pvp_hostile_cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
