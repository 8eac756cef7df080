/* Guest command lines, "key=value key=value ...": the one parser every
 * guest program reads its options with. */
#ifndef PVABI_GUEST_CMDLINE_H
#define PVABI_GUEST_CMDLINE_H

#include <stdint.h>

/* The value of key into buf (cut to len - 1 bytes, NUL-terminated);
 * 0 when found, -1 when the key is absent. */
int pvabi_cmdline_get(const char *cmdline, const char *key, char *buf, unsigned int len);
/* The value of key as a decimal number; def when the key is absent,
 * empty or not all digits. */
uint64_t pvabi_cmdline_number(const char *cmdline, const char *key, uint64_t def);

/* The value of key as a 64-bit mask, "0x" hex or decimal, into *out:
 * 0 when read, 1 when the key is absent, -1 when the value is not a
 * number (then *out is unchanged). */
int pvabi_cmdline_mask(const char *cmdline, const char *key, uint64_t *out);
/* A number inside a value, "0x" hex or decimal, at most 16 digits, into
 * *out; *s moves past its digits. 0 when read, -1 when there are none
 * (then *s and *out are unchanged). */
int pvabi_cmdline_scan(const char **s, uint64_t *out);

/* Values that are lists: whether item is one of the comma-separated
 * entries of list (exactly); whether v is one of the decimal numbers of
 * list (any other character separates them). */
int pvabi_cmdline_list_has(const char *list, const char *item);
int pvabi_cmdline_list_has_number(const char *list, uint32_t v);

#endif
