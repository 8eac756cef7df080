/* A program another project would write against the installed
 * negotiator, built by the install test through pkg-config: a guest's
 * offer, the platform's answer and the guest's acceptance, through the
 * wire format. Built for the host it is an ordinary program; with
 * -DFREESTANDING it has its own entry point and no libc, as in a guest
 * kernel linked against a freestanding archive. Exit 0 when the round
 * trip agrees on 2.0 with feature 0x1 granted, else the failing step. */
#include <pvabi_neg.h>

static int roundtrip(void)
{
	struct pvabi_neg_profile plat;
	struct pvabi_neg_offer offer;
	struct pvabi_neg_session session;
	struct pvabi_neg_answer served, accepted;
	struct pvabi_neg_span bad;
	unsigned char req[PVABI_NEG_OFFER_SIZE], resp[PVABI_NEG_ANSWER_SIZE];
	int n, m;

	if (pvabi_neg_parse_guest("1.0-2.0,req=0x1,opt=0x4", &offer, &bad))
		return 10;
	if (pvabi_neg_parse_platform("1.0-1.3,2.0,features=0x3", &plat, &bad))
		return 11;
	n = pvabi_neg_offer_encode(&offer, req, sizeof(req));
	if (n != (int)PVABI_NEG_OFFER_SIZE)
		return 12;
	pvabi_neg_session_init(&session);
	m = pvabi_neg_platform_serve(&session, &plat, req, (size_t)n, resp, sizeof(resp), &served);
	if (m <= 0)
		return 13;
	if (pvabi_neg_guest_accept(&offer, resp, (size_t)m, &accepted) != PVABI_NEG_OK)
		return 14;
	if (accepted.chosen != PVABI_NEG_REV(2, 0) || accepted.granted != 0x1 ||
	    served.chosen != accepted.chosen)
		return 15;
	/* a second negotiation in the same session is refused */
	m = pvabi_neg_platform_serve(&session, &plat, req, (size_t)n, resp, sizeof(resp), &served);
	if (m <= 0 || served.status != PVABI_NEG_ALREADY_NEGOTIATED)
		return 16;
	return 0;
}

#ifdef FREESTANDING
void roundtrip_main(void) __attribute__((noreturn, used));

__asm__(".globl _start\n_start:\n"
#if defined(__x86_64__)
	"	and $-16, %rsp\n"
#else
	"	and $-16, %esp\n"
#endif
	"	call roundtrip_main\n	hlt\n");

void roundtrip_main(void)
{
	long code = roundtrip();

	for (;;) {
#if defined(__x86_64__)
		__asm__ volatile("syscall" : : "a"(60L), "D"(code) : "rcx", "r11", "memory");
#else
		__asm__ volatile("int $0x80" : : "a"(1L), "b"(code) : "memory");
#endif
	}
}
#else
#include <stdio.h>

int main(void)
{
	int rc = roundtrip();

	printf("negotiation round trip: %s (%d)\n", rc ? "FAILED" : "2.0, features 0x1", rc);
	return rc;
}
#endif
