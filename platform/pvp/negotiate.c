/* Operation 0, negotiate: the negotiator decides, the dispatch then
 * serves exactly the agreed revision. The last answer is kept for the
 * platform-side record, whatever its status. */
#include "platform/pvp/pvp_internal.h"

int64_t pvp_handle_negotiate(struct pvp_ctx *c, struct pvp_gptr offer, struct pvp_gptr answer)
{
	uint8_t req[256], resp[PVABI_NEG_ANSWER_SIZE];
	struct pvabi_neg_answer a;
	size_t in = offer.size < sizeof(req) ? (size_t)offer.size : sizeof(req);
	int n;

	/* a later, larger offer layout is read as its layout-0 prefix */
	if (pvabi_gmem_read(&c->host, offer.gpa, req, in))
		return PVP_EFAULT;
	n = pvabi_neg_platform_serve(&c->session, &c->profile, req, in, resp,
				     answer.size < sizeof(resp) ? (size_t)answer.size : sizeof(resp), &a);
	if (n < 0)
		return PVP_EINVAL;
	if (pvabi_gmem_write(&c->host, answer.gpa, resp, (size_t)n))
		return PVP_EFAULT;
	c->answer = a;
	c->answered = 1;
	if (a.status != PVABI_NEG_OK)
		return 0;
	if (pvp_dispatch_negotiated(&c->st, a.chosen, a.granted))
		return PVP_EINVAL; /* the profile serves a revision the dispatch lacks */
	c->agreed = a;
	c->agreed_valid = 1;
	return 0;
}
