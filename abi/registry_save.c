/* Writing a registry back as XML ('pvabi release', 'pvabi new-rev'):
 * the reader is abi/registry.c. */
#include "abi/registry.h"
#include "util/afile.h"
#include "util/xml.h"

#include <errno.h>
#include <stdio.h>

/* Every value is escaped, attributes included: a registry read from
 * disk may hold any text in spec= or doc, and none may change the
 * document's structure when written back. */
static void attr_out(FILE *f, const char *sep, const char *name, const char *v)
{
	fprintf(f, "%s%s=\"", sep, name);
	pvabi_xml_str(f, v, 0);
	fputc('"', f);
}

static void save_rev(FILE *f, const struct pvabi_reg_rev *rv)
{
	size_t i;

	attr_out(f, "  <revision ", "id", rv->id);
	attr_out(f, " ", "status", pvabi_status_name(rv->status));
	if (rv->date)
		attr_out(f, " ", "date", rv->date);
	if (rv->fingerprint)
		attr_out(f, "\n            ", "fingerprint", rv->fingerprint);
	if (rv->nserves) {
		fputs("\n            serves=\"", f);
		for (i = 0; i < rv->nserves; i++) {
			fputs(i ? " " : "", f);
			pvabi_xml_str(f, rv->serves[i], 0);
		}
		fputc('"', f);
	}
	if (!rv->doc && !rv->ngens) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n", f);
	for (i = 0; i < rv->ngens; i++) {
		fprintf(f, "    <described generation=\"%d\"", rv->gens[i].generation);
		attr_out(f, " ", "fingerprint", rv->gens[i].fingerprint);
		fputs("/>\n", f);
	}
	if (!rv->doc) {
		fputs("  </revision>\n", f);
		return;
	}
	fputs("    <doc>", f);
	pvabi_xml_str(f, rv->doc, PVABI_XML_KEEP_NL);
	fputs("</doc>\n  </revision>\n", f);
}

static void save_release(FILE *f, const struct pvabi_reg_release *rl)
{
	size_t i;

	attr_out(f, "  <release ", "id", rl->id);
	attr_out(f, " ", "code", rl->code);
	if (rl->extraversion)
		attr_out(f, " ", "extraversion", rl->extraversion);
	fputs(">\n", f);
	for (i = 0; i < rl->nguests; i++) {
		attr_out(f, "    <guest ", "type", rl->guests[i].type);
		if (rl->guests[i].features0)
			attr_out(f, " ", "features0", rl->guests[i].features0);
		fputs("/>\n", f);
	}
	if (rl->doc) {
		fputs("    <doc>", f);
		pvabi_xml_str(f, rl->doc, PVABI_XML_KEEP_NL);
		fputs("</doc>\n", f);
	}
	fputs("  </release>\n", f);
}

static void save_correction(FILE *f, const struct pvabi_reg_correction *k)
{
	size_t i;

	attr_out(f, "  <correction ", "date", k->date);
	fputs(">\n", f);
	for (i = 0; i < k->nmoved; i++) {
		attr_out(f, "    <moved ", "revision", k->moved[i].rev);
		fprintf(f, " generation=\"%d\"", k->moved[i].generation);
		attr_out(f, "\n           ", "from", k->moved[i].from);
		attr_out(f, "\n           ", "to", k->moved[i].to);
		fputs("/>\n", f);
	}
	fputs("    <reason>", f);
	pvabi_xml_str(f, k->reason ? k->reason : "", PVABI_XML_KEEP_NL);
	fputs("</reason>\n  </correction>\n", f);
}

int pvabi_registry_write(const struct pvabi_registry *r, FILE *f)
{
	size_t i;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	/* a comment read back from XML holds no "--": it stays one */
	if (r->comment)
		fprintf(f, "<!--%s-->\n", r->comment);
	else /* the schema keeps abi= an identifier, safe inside a comment */
		fprintf(f, "<!-- The registry of the %s ABI's revisions. Edited by\n"
			   "     'pvabi release' and 'pvabi new-rev'; a released revision's\n"
			   "     fingerprint never changes. -->\n", r->abi);
	attr_out(f, "<abi-versions ", "abi", r->abi);
	fprintf(f, " format=\"%d\"", PVABI_REGISTRY_FORMAT);
	if (r->spec)
		attr_out(f, " ", "spec", r->spec);
	if (r->described > 1)
		fprintf(f, " described=\"%d\"", r->described);
	attr_out(f, ">\n  <support-window ", "from", r->window_from);
	attr_out(f, " ", "to", r->window_to);
	fputs("/>\n", f);
	for (i = 0; i < r->nrevs; i++)
		save_rev(f, &r->revs[i]);
	for (i = 0; i < r->ncorrs; i++)
		save_correction(f, &r->corrs[i]);
	for (i = 0; i < r->nrels; i++)
		save_release(f, &r->rels[i]);
	fputs("</abi-versions>\n", f);
	return ferror(f) ? -EIO : 0;
}

int pvabi_registry_save(const struct pvabi_registry *r, const char *path)
{
	struct pvabi_afile a;
	int rc;

	if ((rc = pvabi_afile_open(&a, path, NULL, 0)))
		return rc;
	if ((rc = pvabi_registry_write(r, a.f))) {
		pvabi_afile_abort(&a);
		return rc;
	}
	return pvabi_afile_commit(&a, NULL, 0);
}
