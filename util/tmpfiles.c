/* Temp files still alive, for a signal handler to remove. The handler
 * may run at any point of the main program, so the table holds atomic
 * pointers to private copies: a slot is filled only when its string is
 * complete, and emptied before the string is freed. */
#include "util/afile.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 512

_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2, "the signal handler needs lock-free pointers");

static _Atomic(char *) live[SLOTS];

int pvabi_tmpfiles_add(const char *path)
{
	char *copy = strdup(path), *none;
	size_t i;

	if (!copy)
		return -ENOMEM;
	for (i = 0; i < SLOTS; i++) {
		none = NULL;
		if (atomic_compare_exchange_strong(&live[i], &none, copy))
			return 0;
	}
	free(copy);
	return -ENOSPC;
}

void pvabi_tmpfiles_remove(const char *path)
{
	size_t i;
	char *p;

	for (i = 0; i < SLOTS; i++) {
		p = atomic_load(&live[i]);
		if (p && !strcmp(p, path) && atomic_compare_exchange_strong(&live[i], &p, NULL)) {
			free(p);
			return;
		}
	}
}

void pvabi_tmpfiles_unlink_all(void)
{
	size_t i;
	char *p;

	for (i = 0; i < SLOTS; i++)
		if ((p = atomic_load(&live[i])))
			unlink(p);
}

static void on_signal(int sig)
{
	int e = errno;

	pvabi_tmpfiles_unlink_all();
	signal(sig, SIG_DFL);
	raise(sig);
	errno = e;
}

int pvabi_tmpfiles_on_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], NULL, &old) < 0)
			return -errno;
		if (old.sa_handler == SIG_DFL && sigaction(sigs[i], &sa, NULL) < 0)
			return -errno;
	}
	return 0;
}
