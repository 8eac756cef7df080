/* Hostile text through every generator target: fixtures/gen/hostile.xml
 * puts comment closers, trigraphs, backslashes, quotes, markup, table
 * pipes and line breaks in every doc and in a vector's string, and the
 * spec is named by a path holding the same plus bytes that are not UTF-8.
 * The C output must compile with -Werror under trigraph processing and
 * hold "evil" only inside comments and string literals; the manual must
 * hold none of it as markup. Names cannot be hostile: the loader refuses
 * them (SCHEMA_INVALID, NAME_RESERVED). */
#include "emit/emit.h"
#include "util/utf8.h"
#include "util/file.h"
#include "abi/load.h"
#include "tests/harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define HOSTILE "fixtures/gen/hostile.xml"
/* What a user might name the spec by: a path through directories whose
 * names close a comment, hold a trigraph, a line break and bad UTF-8. */
#define EVIL_PATH "evil */ int evil_path; /* ?\?/\n#define evil_nl 1 \xff\xfe\\ <!-- --> </script>"

static struct pvabi_reg_rev reg_revs[] = {
	{ .id = "1.0", .major = 1, .minor = 0, .status = PVABI_STATUS_DRAFT },
	{ .id = "1.1", .major = 1, .minor = 1, .status = PVABI_STATUS_DRAFT },
	{ .id = "1.2", .major = 1, .minor = 2, .status = PVABI_STATUS_DRAFT },
};

static const struct pvabi_registry reg = {
	.file = "registry", .abi = "mini", .window_from = "1.0", .window_to = "1.2",
	.revs = reg_revs, .nrevs = 3,
};

static char *slurp(const char *dir, const char *name, size_t *len)
{
	struct pvabi_file_buf b;
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (pvabi_file_read(path, 64u << 20, 0, &b, NULL, 0))
		return NULL;
	*len = b.len;
	return b.data;
}

static void remove_dir(const char *dir)
{
	char path[4096];
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
	closedir(d);
	rmdir(dir);
}

/* Every target of the hostile spec into dir; 0 when all succeeded. */
static int generate_all(const struct pvabi_spec *s, const char *dir)
{
	static const char *const aliases[] = { "H_OP_WRITE=op:write", "h_info=struct:info" };
	struct pvabi_diags d = { 0 };
	struct pvabi_gen g = { .spec = s, .reg = &reg, .spec_name = EVIL_PATH,
			       .rev = pvabi_spec_rev(s, "1.2"), .outdir = dir, .d = &d };
	int rc = 0;

	rc |= pvabi_emit_guest(&g);
	rc |= pvabi_emit_conformance(&g);
	rc |= pvabi_emit_platform(&g);
	rc |= pvabi_emit_skeleton(&g);
	rc |= pvabi_emit_docs(&g);
	rc |= pvabi_emit_errors(&g);
	g.file = "aliases.h";
	g.aliases = aliases;
	g.naliases = 2;
	rc |= pvabi_emit_alias(&g);
	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	return rc;
}

/* Runs gcc on file in dir as C11 (lang "c") or C++11 ("c++"): mode
 * "-fsyntax-only", or "-E" with the output in out. Returns its exit
 * status, 127 when gcc cannot be run. */
static int gcc(const char *dir, const char *file, const char *lang, const char *mode,
	       const char *out)
{
	char inc[4200], src[4200], path[4200];
	int status, fd;
	pid_t pid;

	snprintf(inc, sizeof(inc), "-I%s", pvabi_test_srcdir());
	snprintf(src, sizeof(src), "%s/%s", dir, file);
	snprintf(path, sizeof(path), "-I%s", dir);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { "gcc", (char *)mode, strcmp(lang, "c") ? "-std=c++11" : "-std=c11",
				 "-trigraphs", "-Wall", "-Wextra", "-Werror", "-Wtrigraphs",
				 "-Wcomment", inc, path, "-x", (char *)lang, src, NULL, NULL };

		if (!strcmp(mode, "-E"))
			argv[14] = "-P";
		fd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0)
			dup2(fd, 1);
		execvp("gcc", argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Identifiers containing "evil" outside string and character literals
 * (the preprocessor has removed the comments). */
static int evil_outside_literals(const char *s)
{
	char q;

	for (; *s; s++) {
		if (*s == '"' || *s == '\'') {
			for (q = *s++; *s && *s != q; s++)
				if (*s == '\\' && s[1])
					s++;
			if (!*s)
				return 1; /* an unterminated literal is broken too */
		} else if (!strncmp(s, "evil", 4)) {
			return 1;
		}
	}
	return 0;
}

static const char *const c_files[] = {
	"mini_guest.h", "mini_conformance.c", "mini_platform.h", "mini_dispatch.c", "mini_state.c",
	"mini_skeleton.c", "mini_errors.h", "aliases.h", NULL,
};

/* One generated C file compiles and holds "evil" in no code. 1 when no
 * gcc runs here (the case's skip said: its caller returns), else 0. */
static int check_c_file(const char *dir, const char *file)
{
	char pre[4200], *text;
	size_t n;
	int rc;

	snprintf(pre, sizeof(pre), "%s/pre.i", dir);
	rc = gcc(dir, file, "c", "-fsyntax-only", NULL);
	if (rc == 127) {
		pvabi_test_skip(__FILE__, __LINE__,
				"gcc cannot be run: the generated C is not compiled");
		return 1;
	}
	if (rc)
		printf("\n  %s/%s does not compile\n", dir, file);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(gcc(dir, file, "c", "-E", pre), 0);
	text = slurp(dir, "pre.i", &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	if (evil_outside_literals(text))
		printf("\n  %s: hostile text became code\n", file);
	CU_ASSERT(!evil_outside_literals(text));
	free(text);
	unlink(pre);
	return 0;
}

/* 1 when the case skips (check_c_file), else 0. */
static int check_c(const char *dir)
{
	size_t i;

	for (i = 0; c_files[i]; i++)
		if (check_c_file(dir, c_files[i]))
			return 1;
	/* the guest header is also C++ */
	CU_ASSERT_EQUAL(gcc(dir, "mini_guest.h", "c++", "-fsyntax-only", NULL), 0);
	CU_ASSERT_EQUAL(gcc(dir, "aliases.h", "c++", "-fsyntax-only", NULL), 0);
	return 0;
}

/* Values with no plain literal of their type (hostile.xml's enums wide
 * and low, error ELEAST) keep their value and type in the guest and the
 * platform headers: checked by the compiler itself. */
static void check_values(const char *dir)
{
	static const char *const src[][2] = {
		{ "values_guest.c", "#include \"mini_guest.h\"\n" },
		{ "values_platform.c", "#include \"mini_platform.h\"\n" },
	};
	static const char asserts[] =
		"_Static_assert(MINI_ELEAST == INT64_MIN && MINI_ELEAST < 0, \"error\");\n"
		"_Static_assert(MINI_WIDE_TOP == UINT64_MAX, \"u64 top\");\n"
		"_Static_assert(MINI_WIDE_HALF == UINT64_C(1) << 63 && MINI_WIDE_HALF > 0, \"u64\");\n"
		"_Static_assert(MINI_LOW_LEAST == INT64_MIN && MINI_LOW_LEAST < 0, \"s64\");\n";
	char path[4200];
	size_t i;
	FILE *f;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, src[i][0]);
		f = fopen(path, "w");
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		/* the platform header carries errors only; enums are the guest's */
		fprintf(f, "%s%.*s", src[i][1], i ? (int)strcspn(asserts, "\n") + 1 :
			(int)sizeof(asserts) - 1, asserts);
		CU_ASSERT_EQUAL(fclose(f), 0);
		CU_ASSERT_EQUAL(gcc(dir, src[i][0], "c", "-fsyntax-only", NULL), 0);
		unlink(path);
	}
}

static size_t count(const char *s, const char *sub)
{
	size_t n = 0;

	while ((s = strstr(s, sub))) {
		n++;
		s += strlen(sub);
	}
	return n;
}

static int valid_utf8(const char *s, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i += len)
		if (!(len = pvabi_utf8_len(s + i, n - i)))
			return 0;
	return 1;
}

/* A code span's end: past the next run of as many backticks as open it
 * (its text is literal there), or NULL when none closes it. */
static const char *code_span_end(const char *p)
{
	size_t k = strspn(p, "`"), r;

	for (p += k; (p = strchr(p, '`')); p += r)
		if ((r = strspn(p, "`")) == k)
			return p + r;
	return NULL;
}

/* The manual's own markup in Markdown is the stamp comment, anchors and
^ * cell breaks; any other '<' outside code spans must be escaped. */
static int md_raw_markup(const char *md)
{
	const char *p;

	for (p = md; *p; p++) {
		if (*p == '`' && (p == md || p[-1] != '\\')) {
			if (!(p = code_span_end(p)))
				return 1;
			p--;
			continue;
		}
		if (*p != '<' || (p > md && p[-1] == '\\'))
			continue;
		if (p == md && !strncmp(p, "<!-- ", 5)) {
			/* the stamp: its text is the comment's (count() checks its end) */
			if (!(p = strstr(p, "-->")))
				return 1;
			continue;
		}
		if (strncmp(p, "<a id=\"", 7) && strncmp(p, "</a>", 4) && strncmp(p, "<br>", 4))
			return 1;
	}
	return 0;
}

/* Each table row has as many unescaped '|' as its header row. */
static int md_tables_intact(const char *md)
{
	const char *line, *p;
	size_t pipes, want = 0;

	for (line = md; *line; line = p + (*p == '\n')) {
		p = strchr(line, '\n');
		p = p ? p : line + strlen(line);
		if (*line != '|') {
			want = 0;
			continue;
		}
		for (pipes = 0; line < p; line++)
			pipes += *line == '|' && line[-1] != '\\';
		if (!want)
			want = pipes;
		else if (pipes != want)
			return 0;
	}
	return 1;
}

static void check_docs(const char *dir)
{
	size_t nm = 0, nh = 0;
	char *md = slurp(dir, "mini-1.2.md", &nm), *html = slurp(dir, "mini-1.2.html", &nh);

	CU_ASSERT_FATAL(md && html);
	CU_ASSERT(valid_utf8(md, nm));
	CU_ASSERT(valid_utf8(html, nh));
	CU_ASSERT_PTR_NULL(strstr(html, "<script"));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "&lt;/script&gt;&lt;script&gt;evil()"));
	CU_ASSERT_EQUAL(count(html, "<!--"), 1);
	CU_ASSERT_EQUAL(count(html, "-->"), 1);
	CU_ASSERT_EQUAL(count(md, "-->"), 1);
	CU_ASSERT(!md_raw_markup(md));
	CU_ASSERT(md_tables_intact(md));
	/* block markers at the start of a paragraph stay text */
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "\n\\# evil heading"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "\n\\- evil item"));
	CU_ASSERT_PTR_NOT_NULL(strstr(md, "\n1\\. evil number"));
	CU_ASSERT_PTR_NULL(strstr(md, "\n# evil"));
	free(md);
	free(html);
}

static void test_every_target(void)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = pvabi_spec_load(pvabi_test_path(pvabi_test_srcdir(), HOSTILE), &d);
	char dir[] = "/tmp/pvabi-hostile-XXXXXX";

	pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	CU_ASSERT_EQUAL(generate_all(s, dir), 0);
	check_docs(dir);
	if (!check_c(dir))
		check_values(dir);
	remove_dir(dir);
	pvabi_spec_free(s);
}

/* Loads HOSTILE with one name replaced; returns the first rule. */
static void load_renamed(const char *from, const char *to, char *rule, size_t n)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = NULL;
	char *src, *at, *buf = NULL;
	size_t len = 0;

	*rule = '\0';
	src = slurp(pvabi_test_srcdir(), HOSTILE, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	at = strstr(src, from);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	if (asprintf(&buf, "%.*s%s%s", (int)(at - src), src, to, at + strlen(from)) > 0)
		s = pvabi_spec_load_mem(buf, strlen(buf), HOSTILE, &d);
	CU_ASSERT_PTR_NULL(s);
	snprintf(rule, n, "%s", d.n ? d.v[0].rule : "");
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
	free(buf);
	free(src);
}

static void test_names_refused(void)
{
	static const char *const schema[] = {
		"x */ int evil; /* y", "a&quot;b", "x&lt;/script&gt;", "a|b", "a\\", "a?\?/",
		"\xc3\xa9", "Halt",
	};
	static const char *const reserved[] = { "int", "class", "linux", "__x", "uint64_t",
						"mini_transport_pa", "pvabi_args" };
	char to[128], rule[64];
	size_t i;

	for (i = 0; i < sizeof(schema) / sizeof(schema[0]); i++) {
		snprintf(to, sizeof(to), "<arg name=\"%s\"", schema[i]);
		load_renamed("<arg name=\"why\"", to, rule, sizeof(rule));
		CU_ASSERT_STRING_EQUAL(rule, "SCHEMA_INVALID");
	}
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		snprintf(to, sizeof(to), "<arg name=\"%s\"", reserved[i]);
		load_renamed("<arg name=\"why\"", to, rule, sizeof(rule));
		CU_ASSERT_STRING_EQUAL(rule, "NAME_RESERVED");
	}
	load_renamed("<field name=\"stamp\"", "<field name=\"while\"", rule, sizeof(rule));
	CU_ASSERT_STRING_EQUAL(rule, "NAME_RESERVED");
}

/* Format 2: spec/xen.xml and spec/kvm.xml as they stand, with hostile
 * text in every doc, in a vector's string (Xen's console write), and a
 * CPUID signature that closes the comment it is quoted in (printable
 * ASCII of the right length is all the loader asks of it). */
#define EVIL_DOC "*/ int evil_doc; /* ?\?/&#10;#define evil_macro 1 ?\?= ?\?( \\ &quot; ' " \
	"&lt;/script&gt;&lt;script&gt;evil()&lt;/script&gt; &lt;!-- --&gt; | a | `b` **d** " \
	"&#10;&#10;# evil heading&#10;&#10;- evil item&#10;&#10;&gt; quote &#x7f;&#x85; \xc3\xa9 */"

/* text with every <doc>'s body replaced, then from -> to once each. */
static char *hostile_fmt2(const char *text, const char *const (*edits)[2], size_t nedits)
{
	size_t cap = strlen(text) * 4 + 65536, n = 0, i;
	char *out = malloc(cap), *cur, *at;
	const char *p = text, *d, *e;

	if (!out)
		return NULL;
	while ((d = strstr(p, "<doc>")) && (e = strstr(d, "</doc>"))) {
		n += (size_t)snprintf(out + n, cap - n, "%.*s<doc>%s", (int)(d - p), p, EVIL_DOC);
		p = e;
	}
	snprintf(out + n, cap - n, "%s", p);
	for (i = 0; i < nedits; i++) {
		if (!(at = strstr(out, edits[i][0]))) {
			printf("\n  the spec no longer holds '%s'\n", edits[i][0]);
			free(out);
			return NULL;
		}
		if (asprintf(&cur, "%.*s%s%s", (int)(at - out), out, edits[i][1],
			     at + strlen(edits[i][0])) < 0)
			cur = NULL;
		free(out);
		if (!(out = cur))
			return NULL;
	}
	return out;
}

static void check_fmt2_docs(const char *dir, const char *md_name, const char *html_name)
{
	size_t nm = 0, nh = 0;
	char *md = slurp(dir, md_name, &nm), *html = slurp(dir, html_name, &nh);

	CU_ASSERT_FATAL(md && html);
	CU_ASSERT(valid_utf8(md, nm) && valid_utf8(html, nh));
	CU_ASSERT_PTR_NULL(strstr(html, "<script"));
	CU_ASSERT_EQUAL(count(html, "<!--"), 1);
	CU_ASSERT_EQUAL(count(md, "-->"), 1);
	CU_ASSERT(!md_raw_markup(md));
	CU_ASSERT(md_tables_intact(md));
	CU_ASSERT_PTR_NULL(strstr(md, "\n# evil"));
	free(md);
	free(html);
}

/* 1 when the case skips (check_c_file), else 0. */
static int fmt2_every_target(const char *abi, const char *const (*edits)[2], size_t nedits,
			     const char *const *c_out)
{
	char spec[64], dir[] = "/tmp/pvabi-hostile2-XXXXXX", md[64], html[64], *text, *evil;
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s = NULL;
	struct pvabi_gen g = { .spec_name = EVIL_PATH, .outdir = dir, .d = &d };
	size_t n, i;
	int skipped = 0;

	snprintf(spec, sizeof(spec), "spec/%s.xml", abi);
	text = slurp(pvabi_test_srcdir(), spec, &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	evil = hostile_fmt2(text, edits, nedits);
	CU_ASSERT_PTR_NOT_NULL_FATAL(evil);
	s = pvabi_spec_load_mem(evil, strlen(evil), spec, &d);
	pvabi_diag_print(&d, stdout);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	g.spec = s;
	g.rev = (int)s->nrevs - 1;
	CU_ASSERT_EQUAL(pvabi_emit_guest(&g), 0);
	CU_ASSERT_EQUAL(pvabi_emit_docs(&g), 0);
	CU_ASSERT_EQUAL(pvabi_emit_errors(&g), 0);
	if (!strcmp(abi, "xen"))
		CU_ASSERT_EQUAL(pvabi_emit_conformance(&g), 0);
	pvabi_diag_print(&d, stdout);
	snprintf(md, sizeof(md), "%s-%s.md", abi, s->revs[g.rev].id);
	snprintf(html, sizeof(html), "%s-%s.html", abi, s->revs[g.rev].id);
	check_fmt2_docs(dir, md, html);
	for (i = 0; c_out[i] && !skipped; i++)
		skipped = check_c_file(dir, c_out[i]);
	remove_dir(dir);
	pvabi_spec_free(s);
	pvabi_diag_free(&d);
	free(evil);
	free(text);
	return skipped;
}

static void test_every_target_fmt2(void)
{
	static const char *const xen_edits[][2] = {
		{ "signature=\"XenVMMXenVMM\"", "signature=\"*/evil/*1234\"" },
		{ "buffer=''", "buffer='*/ int evil_vec; /* ?\?/ ?\?= \\ &quot; &lt;/script&gt; | "
			       "\xc3\xa9 &#10;x'" },
	};
	static const char *const xen_c[] = { "xen_guest.h", "xen_conformance.c", "xen_errors.h",
					     NULL };
	static const char *const kvm_c[] = { "kvm_guest.h", "kvm_errors.h", NULL };

	if (!fmt2_every_target("xen", xen_edits, 2, xen_c))
		fmt2_every_target("kvm", NULL, 0, kvm_c);
}

const struct pvabi_test_case hostile_gen_cases[] = {
	{ "every_target", test_every_target },
	{ "every_target_fmt2", test_every_target_fmt2 },
	{ "names_refused", test_names_refused },
	{ NULL, NULL },
};
