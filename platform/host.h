/* The host side of the call-frame transport, shared by every engine: the
 * frame and every buffer a guest names are read and written only through
 * these bounds-checked accessors, and each field of the frame is read
 * once, so a guest that rewrites memory during a call (another vCPU, or
 * QEMU's guest running beside the platform process) cannot make the host
 * act on a value it did not validate. */
#ifndef PVABI_PLATFORM_HOST_H
#define PVABI_PLATFORM_HOST_H

#include <stddef.h>
#include <stdint.h>

struct pvabi_host;

/* Serves one op: the platform's dispatch. */
typedef int64_t (*pvabi_host_dispatch_fn)(void *ctx, uint32_t op, uint32_t nargs,
					  const uint64_t *args);

struct pvabi_host {
	uint8_t *mem;
	size_t size;
	uint64_t frame_gpa;
	pvabi_host_dispatch_fn dispatch;
	void *ctx;
	uint64_t calls, spurious, bad_frames;
	int64_t error_inval; /* the ABI's EINVAL, for malformed frames */
	/* Served frames with a non-zero argument slot past nargs. The
	 * convention has the guest zero them; a platform counts them and
	 * does not refuse them: released images built before the guest
	 * runtime zeroed its slots send stale ones, and the spec promises
	 * them service. */
	uint64_t stale_slots;
};

#define PVABI_HOST_FRAME_MAGIC 0x46435650u
#define PVABI_HOST_FRAME_SIZE 96

/* 0 when [gpa, gpa+len) lies in guest memory. */
int pvabi_gmem_check(const struct pvabi_host *h, uint64_t gpa, uint64_t len);
int pvabi_gmem_read(const struct pvabi_host *h, uint64_t gpa, void *buf, size_t len);
int pvabi_gmem_write(const struct pvabi_host *h, uint64_t gpa, const void *buf, size_t len);

/* Serves the pending call in the frame, if any. Returns 1 when a call was
 * served, 0 for a doorbell with nothing pending (counted as spurious),
 * -1 when the frame itself is outside guest memory (a harness fault). */
int pvabi_host_serve(struct pvabi_host *h);

#endif
