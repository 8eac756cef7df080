#ifndef PVABI_MINI_HOST_H
#define PVABI_MINI_HOST_H

#include "mini_platform.h"
#include "negotiator/pvabi_neg.h"
#include "platform/host.h"

struct mini_ctx {
	struct pvabi_host host;
	struct mini_dispatch_state st;
	struct pvabi_neg_session session;
	struct pvabi_neg_profile profile;
	struct pvabi_neg_answer negotiated;
	uint64_t timer;
	int halted;
};

int mini_platform_init(struct mini_ctx *c);
int mini_platform_doorbell(void *ctx, uint32_t vcpu, uint8_t *mem, size_t size, uint8_t value);

#endif
