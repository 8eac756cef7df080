/* Reading an earlier spec from a file or from git. */
#include "cli/against.h"
#include "cli/commands.h"
#include "cli/load.h"
#include "abi/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define AGAINST_MAX (64u << 20)

/* Reads fd to its end; the child's exit status into *st. */
static char *drain(int fd, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap), *v;
	ssize_t r;

	while (buf) {
		if (n == cap) {
			v = cap < AGAINST_MAX ? realloc(buf, cap * 2) : NULL;
			if (!v) {
				free(buf);
				return NULL;
			}
			buf = v;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return buf;
}

static char *git_show(const char *ref, const char *path, size_t *len, int *status)
{
	char obj[4200];
	int p[2], st = -1;
	pid_t pid;
	char *buf;

	snprintf(obj, sizeof(obj), "%s:%s%s", ref, path[0] == '/' ? "" : "./", path);
	if (pipe(p))
		return NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execlp("git", "git", "show", obj, (char *)NULL);
		fprintf(stderr, "%s: git: command not found\n", pvabi_progname);
		_exit(127);
	}
	close(p[1]);
	buf = pid < 0 ? NULL : drain(p[0], len);
	close(p[0]);
	if (pid > 0)
		waitpid(pid, &st, 0);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return buf;
}

struct pvabi_spec *cli_against_load(const char *ref, const char *spec_path)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;
	char name[4200];
	size_t len = 0;
	int st = -1;
	char *buf;

	if (access(ref, F_OK) == 0)
		return cli_load_spec(ref);
	if (ref[0] == '-' || spec_path[0] == '/') {
		fprintf(stderr, "%s: --against %s: no such file%s\n", pvabi_progname, ref,
			spec_path[0] == '/' ? ", and a git revision needs a --spec path relative to the work tree" : "");
		return NULL;
	}
	buf = git_show(ref, spec_path, &len, &st);
	if (!buf || st != 0) {
		fprintf(stderr, "%s: --against %s: no such file, and git cannot show %s as of revision %s "
			"(not in a git work tree, or no such revision or path)\n",
			pvabi_progname, ref, spec_path, ref);
		free(buf);
		return NULL;
	}
	snprintf(name, sizeof(name), "%s:%s", ref, spec_path);
	s = pvabi_spec_load_mem(buf, len, name, &d);
	pvabi_diag_print(&d, stderr);
	pvabi_diag_free(&d);
	free(buf);
	return s;
}
