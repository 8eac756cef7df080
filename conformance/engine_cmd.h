/* An external engine: the user's --engine-cmd template, split into an
 * argument vector and run directly, never through a shell, so that no
 * value (an image or log path with quotes, `$(...)`, backticks or
 * newlines) can ever be read as shell syntax.
 *
 * Grammar (docs/engines.md, "External engines"): words are separated by
 * unquoted blanks (space, tab, newline); '...' keeps everything literal;
 * "..." keeps everything literal except \" \\ and \{; outside quotes a
 * backslash makes the next character literal. A placeholder ({image},
 * {log}, {release}, {platform}, {revision}, {timeout}, {pvabi}, {spec},
 * {registry}) is replaced wherever it stands, inside quotes too, by its
 * value as one piece of the current word: a value is never split, and
 * nothing in it is interpreted. Shell operators (| ; > $ `) have no
 * meaning here: to use a shell, run one and pass the values as its
 * positional parameters, e.g. sh -c 'vmm "$1" >"$2"' sh {image} {log}. */
#ifndef PVABI_ENGINE_CMD_H
#define PVABI_ENGINE_CMD_H

#include <stddef.h>

enum pvabi_cmd_key {
	PVABI_CMD_IMAGE,
	PVABI_CMD_LOG,
	PVABI_CMD_RELEASE,
	PVABI_CMD_PLATFORM,
	PVABI_CMD_REVISION,
	PVABI_CMD_TIMEOUT,
	PVABI_CMD_PVABI,
	PVABI_CMD_SPEC,
	PVABI_CMD_REGISTRY,
	PVABI_CMD_CMDLINE,  /* the guest's command line (the feature axis's request) */
	PVABI_CMD_NKEYS
};

/* The placeholder's name without braces ("image"). */
const char *pvabi_engine_cmd_key(enum pvabi_cmd_key k);

/* Splits tmpl with vals[k] (NULL reads as "") for each placeholder into a
 * NULL-terminated, malloc'd argument vector (free with
 * pvabi_engine_cmd_free). Returns the number of words, or -EINVAL (an
 * unterminated quote, a trailing backslash, no word at all) or -ENOMEM,
 * with why in err (the offending byte offset for syntax errors). */
int pvabi_engine_cmd_split(const char *tmpl, const char *const vals[PVABI_CMD_NKEYS],
			   char ***argv, char *err, size_t errlen);
void pvabi_engine_cmd_free(char **argv);

/* 0 when tmpl splits (every placeholder empty), else -EINVAL with why. */
int pvabi_engine_cmd_check(const char *tmpl, char *err, size_t errlen);

/* Execs argv (PATH searched when argv[0] has no slash) in the calling
 * process, for a forked child. Returns only on failure: after writing a
 * "# run: NAME: why" line on stderr, with the exit status the child should
 * use: 127 when the command does not exist, 126 when it cannot be run. */
int pvabi_engine_cmd_exec(char *const argv[]);

/* For a cell command that exited 127 without a word on why: a sentence
 * naming the template's command, in buf. */
void pvabi_engine_cmd_not_found(const char *tmpl, char *buf, size_t n);

#endif
