/* A guest-shaped program: linked with -nostdlib against one freestanding
 * archive, own entry point, output and exit through raw system calls. It
 * runs one whole negotiation and prints the bytes and records, which the
 * test suite compares with what the host build produces for the same
 * inputs: 32-bit, 64-bit and host must agree byte for byte. */
#include "negotiator/pvabi_neg.h"
#include "negotiator/tests/guest/link_check.h"

void pvabi_neg_check_main(void) __attribute__((noreturn, used));

__asm__(".globl _start\n"
	"_start:\n"
#if defined(__x86_64__)
	"	xor %ebp, %ebp\n"
	"	and $-16, %rsp\n"
#else
	"	xor %ebp, %ebp\n"
	"	and $-16, %esp\n"
#endif
	"	call pvabi_neg_check_main\n"
	"	hlt\n");

static long sys3(long nr, long a, long b, long c)
{
	long ret;

#if defined(__x86_64__)
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
#else
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
#endif
	return ret;
}

#if defined(__x86_64__)
#define NR_WRITE 1
#define NR_EXIT 60
#else
#define NR_WRITE 4
#define NR_EXIT 1
#endif

static void put(const char *s)
{
	long n = 0;

	while (s[n])
		n++;
	sys3(NR_WRITE, 1, (long)s, n);
}

static __attribute__((noreturn)) void leave(int code)
{
	for (;;)
		sys3(NR_EXIT, code, 0, 0);
}

static void put_hex(const unsigned char *b, int n)
{
	static const char digits[] = "0123456789abcdef";
	char line[2 * PVABI_NEG_ANSWER_SIZE + 2];
	int i;

	for (i = 0; i < n; i++) {
		line[2 * i] = digits[b[i] >> 4];
		line[2 * i + 1] = digits[b[i] & 0xf];
	}
	line[2 * n] = '\n';
	line[2 * n + 1] = '\0';
	put(line);
}

static void put_line(const char *s, int rc)
{
	if (rc < 0)
		leave(10);
	put(s);
	put("\n");
}

void pvabi_neg_check_main(void)
{
	unsigned char req[PVABI_NEG_OFFER_SIZE], resp[PVABI_NEG_ANSWER_SIZE];
	struct pvabi_neg_answer pa, ga;
	struct pvabi_neg_profile prof;
	struct pvabi_neg_session s;
	struct pvabi_neg_offer o;
	char text[512];
	int n, m;

	if (pvabi_neg_parse_guest(PVABI_NEG_CHECK_GUEST, &o, 0) < 0 ||
	    pvabi_neg_parse_platform(PVABI_NEG_CHECK_PLATFORM, &prof, 0) < 0)
		leave(2);
	pvabi_neg_session_init(&s);
	n = pvabi_neg_offer_encode(&o, req, sizeof(req));
	m = n < 0 ? n : pvabi_neg_platform_serve(&s, &prof, req, (size_t)n, resp, sizeof(resp), &pa);
	if (m < 0)
		leave(3);
	pvabi_neg_guest_accept(&o, resp, (size_t)m, &ga);
	put_hex(req, n);
	put_hex(resp, m);
	put_line(text, pvabi_neg_record_json("platform", &pa, text, sizeof(text)));
	put_line(text, pvabi_neg_record_json("guest", &ga, text, sizeof(text)));
	put_line(text, pvabi_neg_explain(&ga, &prof, text, sizeof(text)));
	leave(ga.status == PVABI_NEG_OK ? 0 : 1);
}
