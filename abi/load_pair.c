/* Two specs loaded at once, one on a thread of its own: `pvabi diff`
 * spends most of its time loading its two inputs, and they share
 * nothing but the compiled schema (xmlload.c compiles it under a lock)
 * and libxml2, which keeps its error handler per thread. */
#include "abi/load.h"

#include <libxml/parser.h>
#include <pthread.h>

struct one {
	const char *path;
	struct pvabi_spec *s;
	struct pvabi_diags *d;
};

static void *load_one(void *arg)
{
	struct one *o = arg;

	o->s = pvabi_spec_load(o->path, o->d);
	return NULL;
}

void pvabi_spec_load_pair(const char *path_a, struct pvabi_spec **a, struct pvabi_diags *da,
			  const char *path_b, struct pvabi_spec **b, struct pvabi_diags *db)
{
	struct one ob = { path_b, NULL, db };
	pthread_t t;
	int threaded;

	xmlInitParser(); /* before a second thread uses libxml2 */
	threaded = pthread_create(&t, NULL, load_one, &ob) == 0;
	*a = pvabi_spec_load(path_a, da);
	if (threaded)
		pthread_join(t, NULL);
	else
		load_one(&ob);
	*b = ob.s;
}
