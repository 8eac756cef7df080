/* The inputs of the guest-shaped link check, shared with the test that
 * recomputes its output on the host. */
#ifndef PVABI_NEG_LINK_CHECK_H
#define PVABI_NEG_LINK_CHECK_H

#define PVABI_NEG_CHECK_GUEST "1.0-2.1,req=0x1,opt=0x6,id=0x1234"
#define PVABI_NEG_CHECK_PLATFORM "1.0-1.2,2.0,2.2-2.3,features=0x7,id=0xfeed"

#endif
