/* The mid-size synthetic spec of the checker's output tests. */
#ifndef PVABI_ABI_TESTS_SYNTH_SPEC_H
#define PVABI_ABI_TESTS_SYNTH_SPEC_H

/* Writes variant 0 (revisions 1.0..1.6) or its later edit, variant 1
 * (1.0..1.7), to path. Returns 0 or -1 (errno set). */
int synth_spec_write(const char *path, int variant);

#endif
