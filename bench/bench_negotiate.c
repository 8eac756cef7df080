/* Benchmark of one complete negotiation, in-process: the guest encodes its
 * offer, the platform decodes it, decides within a fresh session and
 * encodes its answer, the guest decodes and checks the answer.
 *
 * Baseline, measured in the same run: the same three steps through the
 * same out-of-line calls, each only copying the same message bytes (no
 * validation, no decision), i.e. the floor of any negotiation that moves
 * these messages through these calls. Reports ns per negotiation and the
 * ratio; writes $PVABI_BENCH_RESULTS/negotiate.json. Aim: under 200 ns.
 * Never fails on timing. */
#include "negotiator/pvabi_neg.h"
#include "util/afile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct steps {
	int (*offer)(const struct pvabi_neg_offer *o, void *buf, size_t cap);
	int (*serve)(struct pvabi_neg_session *s, const struct pvabi_neg_profile *p,
		     const void *req, size_t len, void *resp, size_t cap,
		     struct pvabi_neg_answer *a);
	enum pvabi_neg_status (*accept)(const struct pvabi_neg_offer *sent, const void *buf,
					size_t len, struct pvabi_neg_answer *a);
};

static uint8_t base_offer[PVABI_NEG_OFFER_SIZE], base_answer[PVABI_NEG_ANSWER_SIZE];
static struct pvabi_neg_answer base_decoded;

/* Keeps a copy the compiler would otherwise prove dead. */
#define USED(buf) __asm__ volatile("" : : "r"(buf) : "memory")

static __attribute__((noinline)) int copy_offer(const struct pvabi_neg_offer *o, void *buf,
						size_t cap)
{
	(void)o;
	if (cap < sizeof(base_offer))
		return -1;
	memcpy(buf, base_offer, sizeof(base_offer));
	return PVABI_NEG_OFFER_SIZE;
}

static __attribute__((noinline)) int copy_serve(struct pvabi_neg_session *s,
						const struct pvabi_neg_profile *p,
						const void *req, size_t len, void *resp,
						size_t cap, struct pvabi_neg_answer *a)
{
	uint8_t in[PVABI_NEG_OFFER_SIZE];

	(void)s;
	(void)p;
	if (len < sizeof(in) || cap < sizeof(base_answer))
		return -1;
	memcpy(in, req, sizeof(in));
	USED(in);
	*a = base_decoded;
	memcpy(resp, base_answer, sizeof(base_answer));
	return PVABI_NEG_ANSWER_SIZE;
}

static __attribute__((noinline)) enum pvabi_neg_status
copy_accept(const struct pvabi_neg_offer *sent, const void *buf, size_t len,
	    struct pvabi_neg_answer *a)
{
	uint8_t in[PVABI_NEG_ANSWER_SIZE];

	(void)sent;
	if (len < sizeof(in))
		return PVABI_NEG_MALFORMED;
	memcpy(in, buf, sizeof(in));
	USED(in);
	*a = base_decoded;
	return (enum pvabi_neg_status)a->status;
}

/* volatile: the compiler must not see through the pointers and inline one
 * path but not the other. */
static const struct steps *volatile real_steps, *volatile base_steps;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* Best of reps runs of n negotiations; *last gets the final status. */
static double time_path(const struct steps *volatile *sp, const struct pvabi_neg_profile *p,
			const struct pvabi_neg_offer *o, long n, int reps, unsigned int *last)
{
	uint8_t req[PVABI_NEG_OFFER_SIZE], resp[PVABI_NEG_ANSWER_SIZE];
	struct pvabi_neg_answer pa, ga;
	struct pvabi_neg_session s;
	double best = 0, t;
	unsigned int st = 0;
	long i;
	int r, k, m;

	for (r = 0; r < reps; r++) {
		const struct steps *x = *sp;

		t = now_ns();
		for (i = 0; i < n; i++) {
			pvabi_neg_session_init(&s);
			k = x->offer(o, req, sizeof(req));
			m = x->serve(&s, p, req, (size_t)k, resp, sizeof(resp), &pa);
			st += x->accept(o, resp, (size_t)m, &ga);
		}
		t = (now_ns() - t) / (double)n;
		if (r == 0 || t < best)
			best = t;
	}
	USED(&st);
	*last = ga.status;
	return best;
}

static void profile_of(struct pvabi_neg_profile *p, const char *spec)
{
	if (pvabi_neg_parse_platform(spec, p, NULL) < 0) {
		fprintf(stderr, "bench-negotiate: bad profile %s\n", spec);
		exit(2);
	}
}

static void write_json(long n, double neg, double copy, double worst)
{
	const char *res = getenv("PVABI_BENCH_RESULTS");
	char out[4096], err[512];
	struct pvabi_afile a;
	FILE *f;

	snprintf(out, sizeof(out), "%s/negotiate.json", res ? res : ".");
	if (pvabi_afile_open(&a, out, err, sizeof(err))) {
		fprintf(stderr, "bench-negotiate: %s\n", err);
		return;
	}
	f = a.f;
	fprintf(f, "{\"iterations\":%ld,\"negotiate_ns\":%.1f,\"baseline\":\"copy of the same "
		   "message bytes through the same calls\",\"baseline_ns\":%.1f,"
		   "\"ratio\":%.2f,\"worst_case_64_revisions_ns\":%.1f,\"aim_ns\":200}\n",
		n, neg, copy, neg / copy, worst);
	if (pvabi_afile_commit(&a, err, sizeof(err)))
		fprintf(stderr, "bench-negotiate: %s\n", err);
}

int main(int argc, char **argv)
{
	static const struct steps real = { pvabi_neg_offer_encode, pvabi_neg_platform_serve,
					   pvabi_neg_guest_accept };
	static const struct steps base = { copy_offer, copy_serve, copy_accept };
	/* A realistic platform: 3 majors, 16 revisions, one withdrawn. */
	const char *spec = "1.0-1.5,2.0-2.3,2.5-2.6,3.0-3.2,features=0x3f,id=0x70";
	struct pvabi_neg_offer o = { PVABI_NEG_REV(1, 2), PVABI_NEG_REV(3, 1), 0x1, 0x3e, 0x6e };
	struct pvabi_neg_offer miss = { PVABI_NEG_REV(0, 1), PVABI_NEG_REV(0, 9), 0, 0, 1 };
	long n = argc > 1 ? atol(argv[1]) : 2000000;
	struct pvabi_neg_profile p, full;
	double neg, copy, worst;
	unsigned int st, st_base, st_worst;

	if (n < 1) {
		fprintf(stderr, "usage: bench-negotiate [ITERATIONS]\n");
		return 2;
	}
	profile_of(&p, spec);
	profile_of(&full, "1.0-1.63"); /* worst case: 64 revisions scanned */
	real_steps = &real;
	base_steps = &base;
	pvabi_neg_offer_encode(&o, base_offer, sizeof(base_offer));
	pvabi_neg_decide(&p, &o, &base_decoded);
	pvabi_neg_answer_encode(&base_decoded, base_answer, sizeof(base_answer));
	copy = time_path(&base_steps, &p, &o, n, 7, &st_base);
	neg = time_path(&real_steps, &p, &o, n, 7, &st);
	worst = time_path(&real_steps, &full, &miss, n, 3, &st_worst);
	if (st != PVABI_NEG_OK || st_worst != PVABI_NEG_NO_COMMON_REVISION) {
		fprintf(stderr, "bench-negotiate: unexpected outcome %s / %s\n",
			pvabi_neg_status_name(st), pvabi_neg_status_name(st_worst));
		return 1;
	}
	if (st_base != PVABI_NEG_OK)
		return 1;
	printf("complete negotiation (encode, serve, accept), 16 revisions: %.1f ns (aim: under 200 ns)\n",
	       neg);
	printf("baseline: the same bytes copied through the same calls: %.1f ns\n", copy);
	printf("ratio negotiation/baseline: %.2f\n", neg / copy);
	printf("worst case, 64 revisions scanned, no common revision: %.1f ns\n", worst);
	write_json(n, neg, copy, worst);
	return 0;
}
