/* The help text of every pvabi command: the one source of --help, the
 * README's command list (a test compares them), the man page and the
 * shell completion. */
#include "cli/help.h"

#define SPEC_OPT { "--spec", "FILE", "the spec (default spec/platform.xml)", NULL }
#define REGISTRY_OPT { "--registry", "FILE", "the registry (default ABI-VERSIONS.xml)", NULL }
#define ENGINES "kvm qemu-tcg qemu-kvm auto"
#define RUN_ENGINES "kvm qemu-tcg qemu-kvm xen auto"

static const struct pvabi_help_opt check_opts[] = {
	SPEC_OPT,
	REGISTRY_OPT,
	{ "--json", NULL, "print the findings as JSON", NULL },
	{ "--all", NULL, "print compatible changes too, and every unchecked output one by one",
	  NULL },
	{ "--against", "FILE|GITREF", "also compare with an earlier spec: a file, or the spec "
	  "path as of a git revision (tag, branch, commit)", NULL },
	{ "--strict", NULL, "exit 1 on warnings too (an unchecked output, an unused waiver); "
	  "libxml2's RelaxNG validator checks every input, not only those the schema's "
	  "one-pass check cannot vouch for", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct pvabi_help_opt coverage_opts[] = {
	SPEC_OPT,
	{ "--rev", "R", "only this revision (default: every revision)", NULL },
	{ "--json", NULL, "print the table and the pairs as JSON", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct pvabi_help_opt diff_opts[] = {
	{ "--json", NULL, "print the findings as JSON", NULL },
	{ "--all", NULL, "print compatible changes too", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct pvabi_help_opt show_opts[] = {
	SPEC_OPT,
	REGISTRY_OPT,
	{ "--rev", "R", "the revision to show (default: the newest)", NULL },
	{ "--described", "N", "the description generation to show (default: the registry's)", NULL },
	{ "--fingerprint", NULL, "print only the fingerprint", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct pvabi_help_opt gen_opts[] = {
	{ "--target", "KIND",
	  "what to generate: guest, conformance, platform, skeleton, docs, errors, alias or crosscheck",
	  "guest conformance platform skeleton docs errors alias crosscheck" },
	{ "--rev", "R", "the revision (default: the newest)", NULL },
	{ "--output", "DIR", "the output directory (also -o DIR)", NULL },
	{ "--file", "NAME", "errors, alias: the file to write in DIR", NULL },
	{ "--symbol", "IDENT", "errors: the array's name (default ABI_errors)", NULL },
	{ "--alias", "NEW=KIND:NAME",
	  "alias, repeatable: NEW names an item of revision R; KIND op, error, feature "
	  "(a #define) or struct, enum (a typedef)", NULL },
	SPEC_OPT,
	REGISTRY_OPT,
	{ NULL, NULL, NULL, NULL },
};

static const struct pvabi_help_opt release_opts[] = {
	SPEC_OPT,
	REGISTRY_OPT,
	{ "--date", "YYYY-MM-DD", "the release date (default: today, UTC)", NULL },
	{ "--freeze", NULL, "then build and freeze the revision's conformance image", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct pvabi_help_opt new_rev_opts[] = {
	SPEC_OPT,
	REGISTRY_OPT,
	{ NULL, NULL, NULL, NULL },
};

static const struct pvabi_help_opt describe_opts[] = {
	SPEC_OPT,
	REGISTRY_OPT,
	{ NULL, NULL, NULL, NULL },
};

static const struct pvabi_help_opt correct_opts[] = {
	{ "--date", "YYYY-MM-DD", "the day of the correction", NULL },
	{ "--reason", "TEXT", "why the released revisions' description was wrong", NULL },
	SPEC_OPT,
	REGISTRY_OPT,
	{ NULL, NULL, NULL, NULL },
};

static const struct pvabi_help_opt negotiate_opts[] = {
	{ "--guest", "MIN-MAX[,req=MASK][,opt=MASK][,id=N]",
	  "the guest's offer: its revision range, required and optional features", NULL },
	{ "--platform", "REV|MIN-MAX[:DEFINED][,...][,features=MASK][,id=N]",
	  "a described platform: the revisions it serves and the features it offers", NULL },
	{ "--as-release", "R", "the platform behaves as release R of the registry", NULL },
	{ "--current", NULL, "the platform is the current build (the support window)", NULL },
	SPEC_OPT,
	REGISTRY_OPT,
	{ "--json", NULL, "print one JSON line with both sides' records", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct pvabi_help_opt run_opts[] = {
	{ "--engine", "E", "kvm, qemu-tcg, qemu-kvm, xen or auto (default: the fastest that works "
	  "here; auto never picks xen, which boots a real Xen instead of the reference platform)",
	  RUN_ENGINES },
	{ "--xen", "PATH", "the Xen build the xen engine boots (an ELF or a xen.gz; default: "
	  "PVABI_XEN, else the newest release ci/fetch-xen cached)", NULL },
	{ "--as-release", "R", "the platform behaves as release R of the registry", NULL },
	{ "--current", NULL, "the platform behaves as the current build (the default)", NULL },
	{ "--platform", "current|R[:features=MASK]",
	  "the same as --current or --as-release R; :features=MASK makes the platform offer "
	  "only the features in MASK (the matrix's feature axis; also after --as-release R)",
	  NULL },
	{ "--timeout", "SECONDS",
	  "give up after this long (default 60), in whole milliseconds on every engine: a "
	  "fraction rounds up, below 1 ms is refused", NULL },
	{ "--log", "FILE", "write the guest console and the runner's notes to FILE", NULL },
	{ "--cmdline", "ARGS", "the guest's command line, at most 3071 bytes (every engine's limit)",
	  NULL },
	{ "--stop-at-shutdown", NULL, "the platform stops the guest at a shutdown call it accepts, "
	  "as Xen and a VMM do (default: it answers and the guest ends the run); the run ends "
	  "with the status the guest said it would exit with when it said so before the call and "
	  "the platform recorded the reason it asked, else it is a crash", NULL },
	SPEC_OPT,
	REGISTRY_OPT,
	{ NULL, NULL, NULL, NULL },
};

/* gate takes the options of matrix but --list: one list for both. */
#define MATRIX_RUN_OPTS \
	{ "--engine", "E[,E...]", "the engines to run on (default auto: the fastest that works here)", \
	  ENGINES }, \
	{ "--engine-cmd", "TEMPLATE", \
	  "run an external platform, directly (no shell): the template is split into words " \
	  "('...', \"...\" and \\ quote), {image} {log} {release} {platform} {revision} " \
	  "{timeout} {pvabi} {spec} {registry} {cmdline} are filled in, each value as part of one " \
	  "word (the feature axis's sub-cells need {platform} and {cmdline}); " \
	  "its stdout is the guest console and its exit code follows 'pvabi run' " \
	  "(docs/engines.md for the template grammar)", NULL }, \
	{ "--jobs", "N", "cells run at once (default: the number of cores)", NULL }, \
	{ "--timeout", "SECONDS", "per cell (default 60; whole milliseconds, at least 1)", NULL }, \
	{ "--out", "DIR", "the results directory (default: matrix, or gate for pvabi gate, in the " \
	  "build directory, where make matrix and make gate write theirs: the program's own " \
	  "directory when it is a build's, as build/ for build/pvabi, else ./build; without " \
	  "a build directory, matrix-results)", NULL }, \
	{ "--resume", NULL, "keep the cells an earlier run finished", NULL }, \
	{ "--fresh", NULL, "also a row '<rev>-fresh' per released revision: its image built " \
	  "today, with today's checks (beside the frozen one)", NULL }, \
	{ "--shard", "K/N", "run every Nth cell from the Kth (merge with 'pvabi report merge')", \
	  NULL }, \
	{ "--platforms", "LIST", "only these platform columns (current and released revisions)", \
	  NULL }, \
	{ "--images", "LIST", "only these image rows (revisions, or the draft)", NULL }, \
	{ "--no-feature-axis", NULL, "only the image x platform cells, without the feature " \
	  "axis's sub-cells (what the image asks for, what the platform offers)", NULL }, \
	{ "--stop-at-red", NULL, "stop at the first red cell: no other cell starts, the running " \
	  "ones are stopped and the rest are reported as not run (a partial matrix, for " \
	  "'caught or not'); the cells with the most checks run first: fresh images before " \
	  "frozen, each revision's own cell before feature sub-cells, the newest first", NULL }, \
	{ "--fixtures", "DIR", "the frozen images (default fixtures/guests/ABI)", NULL }, \
	{ "--images-dir", "DIR", "where the draft image is built (default beside the program)", \
	  NULL }, \
	SPEC_OPT, \
	REGISTRY_OPT, \
	{ "--quiet", NULL, "no progress lines", NULL }

static const struct pvabi_help_opt matrix_opts[] = {
	MATRIX_RUN_OPTS,
	{ "--list", NULL, "print the cells and their predictions as JSON, run nothing", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct pvabi_help_opt gate_opts[] = {
	MATRIX_RUN_OPTS,
	{ "--xen", "PATH", "gate a Xen build (an ELF or a xen.gz) instead: check --spec (default "
	  "spec/xen.xml) and --registry (spec/xen-versions.xml), then the Xen matrix "
	  "(ci/xen-matrix, from the source tree) with PATH as the candidate column beside the "
	  "cached releases; takes --jobs and --out (default build/xen-gate) only. A file that is "
	  "not a bootable Xen is exit 2 before anything boots", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct pvabi_help_opt help_opts[] = {
	{ "--man", NULL, "print the man page pvabi(1) as troff source", NULL },
	{ "--bash-completion", NULL, "print the bash completion script", NULL },
	{ NULL, NULL, NULL, NULL },
};

const struct pvabi_help pvabi_help_table[] = {
	{ "check", "[--spec FILE] [--registry FILE] [--against FILE|GITREF] [--json] [--all] "
	  "[--strict]",
	  "check the spec's history and its registry",
	  "Validates the spec, checks every revision against the one before it and every "
	  "released revision against its fingerprint, and prints each finding with its file, "
	  "line and rule id. A changed released revision is named element by element (old "
	  "and new) from the lock file beside the registry (ABI-VERSIONS.lock, written by "
	  "'pvabi release'); --against compares with an earlier spec as well. Each output of "
	  "an op that no vector or scenario checks in a revision is a warning "
	  "(OUTPUT_UNCHECKED; past 1000 of them, one per op listing its outputs, unless --all "
	  "or --json; 'pvabi coverage' prints the table).",
	  check_opts, NULL,
	  "0 compatible, 1 breaking change (or, with --strict, a warning), 2 usage or invalid "
	  "input" },
	{ "coverage", "[--spec FILE] [--rev R] [--json]",
	  "print which outputs of each op the vectors and scenarios check",
	  "Prints one row per revision, op and output: the op's result, each error it raises, "
	  "each field or scalar it writes into guest memory, and in a format 2 spec the same "
	  "of each of its commands (CMD: ret, CMD: error E, CMD: arg.FIELD); whether a vector or scenario "
	  "checks it (and which), a waiver accepts it unchecked, or nothing does; then the "
	  "counts per revision and in total. After the table, a format 1 spec's pairs of calls "
	  "the images make to read each output right after another value, per revision and op, "
	  "and how many outputs they read. 'pvabi check' reports each unchecked output as "
	  "OUTPUT_UNCHECKED.",
	  coverage_opts, NULL,
	  "0 every output checked or waived, 1 some output unchecked, 2 usage, unknown "
	  "revision or invalid input" },
	{ "diff", "[--json] [--all] OLD.xml NEW.xml",
	  "classify the changes between two spec files",
	  "Classifies every change from OLD to NEW: each revision both define must be "
	  "unchanged; NEW's first new revision is checked as an evolution of OLD's last.",
	  diff_opts, NULL, "0 compatible, 1 breaking change, 2 usage or invalid input" },
	{ "show", "[--spec FILE] [--registry FILE] [--rev R] [--described N] [--fingerprint]",
	  "print one revision's view and fingerprint",
	  "Prints revision R as sorted canonical lines: what that revision exposes, the "
	  "content its fingerprint covers. A format 2 spec's items carry a description "
	  "generation (described=): the fingerprint and the lines are those of the generation "
	  "the registry's fingerprint= covers (its described=, 1 without a registry), or of "
	  "generation N with --described; the header also gives each later generation's "
	  "fingerprint, labelled, and says whether the registry records it.",
	  show_opts, NULL, "0 shown, 2 usage, unknown revision or invalid input" },
	{ "gen", "--target KIND [--rev R] --output DIR [--spec FILE] [--registry FILE] "
	  "[--file NAME] [--symbol IDENT] [--alias NEW=KIND:NAME]...",
	  "generate guest stubs, platform dispatch, a handler skeleton or the manual",
	  "guest: DIR/ABI_guest.h, the types, constants and call stubs of revision R.\n"
	  "conformance: DIR/ABI_conformance.c, the ops and vectors a guest image of revision R "
	  "runs, resolved per revision up to R (format 2 through a hypercall page or registers: "
	  "R's vectors and scenarios as calls of the guest header's stubs).\n"
	  "platform: DIR/ABI_platform.h, ABI_dispatch.c and ABI_state.c (the window and layout "
	  "tables and the negotiated-state setter the handlers share with the dispatch), "
	  "dispatch for every revision of the registry's support window.\n"
	  "skeleton: DIR/ABI_skeleton.c, every handler forwarding to one function, "
	  "ABI_skeleton_call(): where a new platform or a new handler starts.\n"
	  "docs: DIR/ABI-R.md and .html, the reference manual of revision R.\n"
	  "errors: DIR/ABI_errors.h (or --file NAME), every error value of revision R as one "
	  "array, ABI_errors (or --symbol IDENT).\n"
	  "alias: DIR/NAME (--file, required), on top of ABI_guest.h, one alias per --alias "
	  "NEW=KIND:NAME for an item of revision R.\n"
	  "crosscheck: DIR/ABI_crosscheck.h, static assertions that upstream headers (included "
	  "first) define every c-name= item of revision R as the spec does, per guest mode "
	  "(format 2).\n"
	  "Generation is refused while the spec has breaking findings. Output appears only "
	  "when complete.",
	  gen_opts, NULL, "0 generated, 1 breaking findings, 2 usage or invalid input" },
	{ "new-rev", "[--spec FILE] [--registry FILE] REV",
	  "open a new draft revision",
	  "Opens draft revision REV after the newest one: adds it to the spec's <revisions> "
	  "and to the registry, and extends the support window.\n"
	  "REV is MAJOR.MINOR, each part 0..65535 without leading zeros. Both files change "
	  "together or not at all (symlinks are kept, their targets replaced); runs on one "
	  "registry wait for each other's lock. A spec whose revisions carry code= "
	  "(format 2) is refused: its new revision's code is the author's to give.",
	  new_rev_opts, NULL, "0 created, 2 usage, invalid input, or a draft already open" },
	{ "release", "[--spec FILE] [--registry FILE] [--date YYYY-MM-DD] [--freeze] REV",
	  "turn a draft revision into a released one",
	  "Marks draft REV released in the registry with the fingerprint of its content and "
	  "the revisions this release serves. Refused while the spec has breaking findings. "
	  "--freeze then builds the revision's conformance image and freezes it into "
	  "fixtures/guests/ABI/REV (make freeze); it runs from the source tree.\n"
	  "--date must be a real date. The registry is replaced whole or not at all, under "
	  "the same lock as new-rev.",
	  release_opts, NULL,
	  "0 released, 1 refused (breaking findings), 2 usage or invalid input (or, with "
	  "--freeze, the image could not be frozen: the registry is updated)" },
	{ "describe", "[--spec FILE] [--registry FILE]",
	  "record the description generation a format 2 spec has reached",
	  "Records in the registry, for every released revision, the fingerprint of the newest "
	  "description generation (described=) of the spec, as <described generation=\"N\" "
	  "fingerprint=...>: what the spec described after the revisions were released is then "
	  "held by check like the rest. No recorded fingerprint changes. Refused while the spec "
	  "has breaking findings, and for a format 1 spec (its additions need a new revision). "
	  "The registry is replaced whole or not at all, under the same lock as release.",
	  describe_opts, NULL,
	  "0 recorded (or nothing to record), 1 refused (breaking findings), 2 usage or invalid "
	  "input" },
	{ "correct", "--date YYYY-MM-DD --reason TEXT [--spec FILE] [--registry FILE]",
	  "record that released revisions' description was corrected",
	  "For a spec that was wrong about what released revisions always were (an error the "
	  "platform never raised, one it always did), records a <correction> in the registry: "
	  "each recorded fingerprint the spec no longer hashes to, moved from and to, with the "
	  "date and the reason, and rewrites the lock from the corrected spec. The recorded "
	  "fingerprints stay as released; check then holds the spec to the corrected ones and "
	  "reports the correction (RELEASED_REVISION_CORRECTED). Refused while the spec has any "
	  "breaking finding but RELEASED_REVISION_MODIFIED: a change that is not a correction "
	  "belongs in a new revision. The registry is replaced whole or not at all, under the "
	  "same lock as release.",
	  correct_opts, NULL,
	  "0 recorded (or nothing to correct), 1 refused (breaking findings), 2 usage or invalid "
	  "input" },
	{ "negotiate",
	  "--guest MIN-MAX[,req=MASK][,opt=MASK][,id=N] (--platform SPEC | --as-release R | "
	  "--current) [--spec FILE] [--registry FILE] [--json]",
	  "negotiate a described guest with a described platform",
	  "Encodes the guest's offer, lets the platform serve it and the guest check the "
	  "answer, then prints the outcome and why.\n"
	  "Revisions are M.m (1.2). A guest range may span majors; a platform range stays "
	  "within one major. Minors missing between listed minors of a major are withdrawn "
	  "revisions (holes). DEFINED is the mask of features those revisions define; it and "
	  "features= (what the platform offers) default to every bit. Masks and ids: 0xHEX or "
	  "decimal.",
	  negotiate_opts, NULL, "0 negotiated, 1 negotiation failed, 2 usage or invalid value" },
	{ "run", "IMAGE [--engine E] [--xen PATH] [--as-release R | --current | "
	  "--platform current|R[:features=MASK]] "
	  "[--timeout SECONDS] [--log FILE] [--cmdline ARGS] [--stop-at-shutdown] [--spec FILE] "
	  "[--registry FILE]",
	  "boot one guest image against the reference platform",
	  "Boots IMAGE against the reference platform, behaving as the current build or as "
	  "release R of the registry, and prints the guest's TAP, the platform's negotiation "
	  "record and one summary line. With --engine xen the image is the first domain of a "
	  "real Xen under QEMU TCG instead: its console_io output is the TAP, Xen's own lines "
	  "go to the log.",
	  run_opts, NULL,
	  "0 pass, 1 fail, 2 usage or invalid image, 3 engine unavailable, 4 negotiation "
	  "refused, 5 skip, 6 harness error, 7 crash, 8 timeout" },
	{ "matrix", "[--engine E[,E...]] [--engine-cmd TEMPLATE] [--jobs N] [--timeout S] "
	  "[--out DIR] [--resume] [--fresh] [--shard K/N] [--list] [--platforms LIST] [--images LIST] "
	  "[--no-feature-axis] [--stop-at-red] [--fixtures DIR] [--images-dir DIR] [--spec FILE] "
	  "[--registry FILE] [--quiet]",
	  "run the compatibility matrix: images x platforms x engines",
	  "Boots every frozen guest image and the draft image against the current platform "
	  "and every released platform release, on the named engines, compares each cell "
	  "with the oracle's prediction and writes matrix.txt, junit.xml, results.json and "
	  "index.html into DIR, and a result file, TAP and log per cell under DIR/cells.",
	  matrix_opts, NULL,
	  "0 every cell green (or skipped), 1 some cell not green (with --stop-at-red: the "
	  "first red cell stopped the run), 2 usage or invalid input, 3 no engine available, "
	  "4 run interrupted (--resume continues)" },
	{ "gate", "[--engine E[,E...]] [--engine-cmd TEMPLATE] [--jobs N] [--timeout S] "
	  "[--out DIR] [--resume] [--fresh] [--shard K/N] [--platforms LIST] [--images LIST] "
	  "[--no-feature-axis] [--stop-at-red] [--fixtures DIR] [--images-dir DIR] [--spec FILE] "
	  "[--registry FILE] [--quiet]\n--xen PATH [--spec FILE] [--registry FILE] [--jobs N] [--out DIR]",
	  "check + full matrix: the release verdict",
	  "Runs 'pvabi check' on the spec and registry, then the full matrix on the candidate "
	  "platform (the current build, or --engine-cmd), and prints a verdict: every "
	  "breaking rule and every cell that is not green, with its first failing check. "
	  "Skipped cells make the verdict incomplete. Takes the options of 'pvabi matrix' "
	  "but --list.\n"
	  "With --xen PATH it gates a Xen build: the check of the Xen spec, then the Xen matrix "
	  "(every frozen Xen image on every cached release and on PATH, each cell predicted from "
	  "the spec's guest types and the registry's releases); PATH fails when it serves an "
	  "image differently from the newest cached release.",
	  gate_opts, NULL,
	  "0 clean, 1 broken or incomplete (with --stop-at-red: broken, the matrix partial), "
	  "2 usage or invalid input, 3 no engine available, 4 run interrupted (--resume "
	  "continues)" },
	{ "report", "merge OUT DIR...\nrender DIR",
	  "merge shard results or re-render reports",
	  "merge joins DIR/cells of every shard result directory (and OUT/cells when it "
	  "exists) into OUT/cells, with each cell's log and TAP, then writes the reports; the "
	  "same cell twice must have the same content.\n"
	  "render rewrites DIR's reports from DIR/cells.\n"
	  "Reports: matrix.txt, junit.xml, results.json, index.html; the table is also "
	  "printed.",
	  NULL, "merge render",
	  "0 every cell green or skipped, 1 some cell not green (or no cell at all), 2 usage, "
	  "unreadable input or conflicting shards" },
	{ "help", "[COMMAND | --man | --bash-completion]",
	  "describe every command, or one; print the man page or the completion script",
	  "Without an argument lists the commands; with one prints what 'pvabi COMMAND "
	  "--help' prints.",
	  help_opts, NULL, "0 printed, 2 unknown command" },
	{ "version", "",
	  "print the program and spec format versions",
	  "Prints the program's version and the spec and registry format versions it reads.",
	  NULL, NULL, "0" },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};

const char pvabi_help_intro[] =
	"pvabi keeps the binary interface between guest kernels and their hypervisor stable "
	"across years of releases. An XML spec describes every platform operation "
	"(hypercall), shared structure, enum, error and feature bit with its history; a "
	"registry (ABI-VERSIONS.xml) records the released revisions with the fingerprint of "
	"their frozen content, like a lockfile; the checker classifies every change as "
	"compatible or breaking, with a stable rule id.\n"
	"The compatibility matrix boots frozen guest images of every released revision "
	"against the current platform and every released platform release, and compares "
	"each cell with the oracle's prediction; 'pvabi gate' adds the checker and prints "
	"the release verdict.\n"
	"Each command below also prints its own help with 'pvabi COMMAND --help'.";

const char pvabi_help_exit[] =
	"0: success (compatible, released, shown, negotiated, every cell green). "
	"1: the thing under test is not acceptable (a breaking finding, a refused release, a "
	"failed negotiation, a cell not green). "
	"2: usage error, or an input that cannot be read or is invalid; the diagnostic names "
	"the file and line or the offending value. "
	"3 and above: see each command ('pvabi run' and the matrix distinguish engine "
	"unavailable, refusal, skip, harness error, crash, timeout and an interrupted run).";

const char pvabi_help_files[] =
	"spec/platform.xml and ABI-VERSIONS.xml in the current directory are the default spec "
	"and registry. The schemas are compiled into the program; a copy, the reference spec "
	"and registry and the engine calibration image are installed under share/pvabi/. "
	"fixtures/guests/ABI/REV/ holds the frozen guest image of each released revision.";
