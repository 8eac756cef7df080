/* Reports of a matrix, all generated from an array of cell results: a
 * terminal table (and a progress line while running), JUnit XML, JSON
 * and one self-contained HTML page. pvabi_report_write_all puts them in
 * an output directory as one set. report.c holds what the writers share,
 * report_all.c the function that calls them all. */
#ifndef PVABI_REPORT_H
#define PVABI_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "abi/check.h"
#include "conformance/cell.h"

/* Log text embedded per cell in the HTML page. */
#define PVABI_REPORT_LOG_CAP (64 * 1024)

/* The matrix's axes: rows are images (by revision, then label), columns
 * platforms ("current" first, then releases by revision) times engines.
 * row[i]/col[i] place result i. */
struct pvabi_report_axes {
	char (*rows)[48];
	size_t nrows;
	char (*cols)[64];     /* "1.2", or "1.2 kvm" with several engines */
	size_t ncols;
	size_t *row, *col;
};

/* 0, or -1 when out of memory. */
int pvabi_report_axes(const struct pvabi_cell_result *r, size_t n, struct pvabi_report_axes *ax);
void pvabi_report_axes_free(struct pvabi_report_axes *ax);

/* The cells at one place of the grid (report_feat.c): the cell itself
 * and its sub-cells of the feature axis. show is the one the grid shows
 * (the most severe; the cell itself when all agree), base the cell
 * itself; n when absent. */
struct pvabi_report_group {
	size_t show, base, nsub, subgreen;
};
void pvabi_report_group(const struct pvabi_cell_result *r, size_t n,
			const struct pvabi_report_axes *ax, size_t row, size_t col,
			struct pvabi_report_group *g);
/* "PASS", "PASS +12" (12 sub-cells, all green), "FAIL +10/12". */
const char *pvabi_report_group_word(const struct pvabi_cell_result *r,
				    const struct pvabi_report_group *g, char *buf, size_t len);
/* The sub-cells listed under their cell; nothing without any. */
void pvabi_report_feature_text(FILE *f, const struct pvabi_cell_result *r, size_t n,
			       const struct pvabi_report_axes *ax);
void pvabi_report_feature_html(FILE *f, const struct pvabi_cell_result *r, size_t n,
			       const struct pvabi_report_axes *ax);

struct pvabi_report_totals {
	size_t cells, green, refused, lower;
	size_t by[PVABI_V_COUNT];
};

void pvabi_report_totals(const struct pvabi_cell_result *r, size_t n,
			 struct pvabi_report_totals *t);

/* A cell in one word: PASS, PASS@1.2, REFUSED, FAIL, ERROR, CRASH,
 * TIMEOUT, SKIP. Returns buf. */
const char *pvabi_report_word(const struct pvabi_cell_result *r, char *buf, size_t n);

/* A TAP check as the reports show it (report_check.c): its stable name
 * (no run-time value: the same check has the same name in every run),
 * what it expected and what it got, the got value in the expectation's
 * notation (hex where the vector is written in hex), and the one-line
 * diagnostic of both and the TAP's own. */
struct pvabi_report_check {
	char name[200];
	char expected[200]; /* "" when the check does not say */
	char got[96];       /* "" when the check does not say */
	char diag[512];     /* never empty for a failed check */
};

void pvabi_report_check(const struct pvabi_check *c, struct pvabi_report_check *out);
/* The first failed check of r (not skipped, not TODO), or NULL. */
const struct pvabi_check *pvabi_report_first_failure(const struct pvabi_cell_result *r,
						     size_t *idx);
/* A red cell's cause in one line, the same for every cell broken the
 * same way ("check 'unknown op id is refused' got -1002"); the reason
 * when no check failed. */
void pvabi_report_cause(const struct pvabi_cell_result *r, char *buf, size_t n);
/* The red cells grouped by cause, most cells first. */
struct pvabi_report_cause {
	char text[1100];
	size_t count;
	size_t first; /* index of its first cell */
};
/* The number of causes; *out is malloc'd (free it), NULL when out of
 * memory (then 0). */
size_t pvabi_report_causes(const struct pvabi_cell_result *r, size_t n,
			   struct pvabi_report_cause **out);
/* The cell's outcome, never empty (a cell with none reads as its
 * verdict). */
const char *pvabi_report_outcome(const struct pvabi_cell_result *r);

/* colour: 1 on, 0 off, -1 when f is a terminal (and NO_COLOR is unset). */
void pvabi_report_table(FILE *f, const struct pvabi_cell_result *r, size_t n, int colour);
/* "[12/30] 1.0~current~kvm PASS 0.21s", with the reason when not green. */
void pvabi_report_progress(FILE *f, size_t done, size_t total,
			   const struct pvabi_cell_result *r, int colour);

/* Each writes one report to f. dir, when not NULL, is the result
 * directory whose cells/<id>.log the HTML page embeds (else r->log). */
void pvabi_report_junit(FILE *f, const struct pvabi_cell_result *r, size_t n);
void pvabi_report_json(FILE *f, const struct pvabi_cell_result *r, size_t n);
void pvabi_report_html(FILE *f, const char *dir, const struct pvabi_cell_result *r, size_t n);

/* The same, with the spec check's breaking findings (a gate's reports):
 * a "spec check" section, testsuite or object beside the cells. fd NULL
 * writes what the functions above write. */
void pvabi_report_junit_with(FILE *f, const struct pvabi_cell_result *r, size_t n,
			     const struct pvabi_findings *fd);
void pvabi_report_json_with(FILE *f, const struct pvabi_cell_result *r, size_t n,
			    const struct pvabi_findings *fd);
void pvabi_report_html_with(FILE *f, const char *dir, const struct pvabi_cell_result *r,
			    size_t n, const struct pvabi_findings *fd);
/* The findings' own parts (report_findings.c); nothing when fd is NULL. */
void pvabi_report_findings_text(FILE *f, const struct pvabi_findings *fd);
void pvabi_report_findings_junit(FILE *f, const struct pvabi_findings *fd);
void pvabi_report_findings_json(FILE *f, const struct pvabi_findings *fd);
void pvabi_report_findings_html(FILE *f, const struct pvabi_findings *fd);

/* DIR/matrix.txt, junit.xml, results.json, index.html, as one set: all
 * four new ones or the old ones untouched. 0, or -1 with the failing
 * path in err. */
int pvabi_report_write_all(const char *dir, const struct pvabi_cell_result *r, size_t n,
			   char *err, size_t errlen);
/* The same set with the spec check's findings in each (pvabi gate). */
int pvabi_report_write_all_with(const char *dir, const struct pvabi_cell_result *r, size_t n,
				const struct pvabi_findings *fd, char *err, size_t errlen);
/* Removes DIR's four reports (absent ones are fine): a run that starts
 * over must not leave the last run's summary looking current. 0, or -1
 * with err. */
int pvabi_report_remove_all(const char *dir, char *err, size_t errlen);

#endif
