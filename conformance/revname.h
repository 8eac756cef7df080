/* Revision codes as the reports print them. A code is major << 16 |
 * minor on the wire; pvabi's own revisions read as "1.2" that way, but a
 * spec whose revisions carry code= (KVM's KERNEL_VERSION 0x00030600 for
 * 3.6.0) would read as "3.1536". The names the process has seen (the
 * planned spec's revisions, or the ids a result file recorded) are kept
 * here so every report prints the spec's own release id. */
#ifndef PVABI_REVNAME_H
#define PVABI_REVNAME_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"

/* Learns the id of every revision of s whose id differs from its split
 * code's "M.m". */
void pvabi_revname_use(const struct pvabi_spec *s);
/* Learns one (a result file's recorded id); ignored when the table is
 * full or id is too long. */
void pvabi_revname_learn(uint32_t code, const char *id);
/* The id of code if one was learnt, else "M.m", in buf; returns buf. */
const char *pvabi_revname(uint32_t code, char *buf, size_t n);
/* Whether code has a learnt id that differs from "M.m". */
int pvabi_revname_known(uint32_t code);

#endif
