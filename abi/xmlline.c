/* The line of a node, read by the loader, the registry reader, the schema
 * explainer and the pattern checker alike; in a file of its own so none
 * of them and the parser (xmlload.c) that records it call each other. */
#include "abi/xmlload.h"

#include <libxml/tree.h>
#include <stdint.h>

/* libxml2 keeps 16 bits of line in a node; past line 65535 its
 * xmlGetLineNo walks the following siblings for a text node that knows
 * better, which is quadratic in a long list of empty elements. The parser
 * records the element's full line in _private instead (the field libxml2
 * leaves to applications; the validator does not use it). */
int pvabi_xml_line(const xmlNode *n)
{
	if (!n)
		return 0;
	if (n->line < 65535 || !n->_private)
		return n->line < 65535 ? n->line : (int)xmlGetLineNo((xmlNode *)n);
	return (int)(intptr_t)n->_private;
}
