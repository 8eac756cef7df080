/* The timeout kick: a one-shot POSIX timer signals the running thread at
 * the deadline (PVABI_VM_KICK_SIGNAL). The signal is blocked in this
 * thread while the run lasts and unblocked only inside KVM_RUN
 * (KVM_SET_SIGNAL_MASK), so it interrupts the guest without ever racing a
 * handler; kicks left pending are consumed with sigtimedwait. */
#include "platform/vmm/vmm_internal.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static pthread_once_t kick_once = PTHREAD_ONCE_INIT;
static int kick_once_err;

static void kick_handler(int sig)
{
	(void)sig;
}

/* A default (fatal) or ignored disposition would kill the process or
 * drop the kick when it lands inside KVM_RUN: make it a no-op handler. */
static void kick_install(void)
{
	struct sigaction old, sa;

	if (sigaction(PVABI_VM_KICK_SIGNAL, NULL, &old) < 0) {
		kick_once_err = -errno;
		return;
	}
	if (old.sa_flags & SA_SIGINFO)
		return;
	if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kick_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (sigaction(PVABI_VM_KICK_SIGNAL, &sa, NULL) < 0)
		kick_once_err = -errno;
}

/* Consumes kicks that are pending (blocked) in this thread. */
void vmm_kick_drain(void)
{
	static const struct timespec zero = { 0, 0 };
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, PVABI_VM_KICK_SIGNAL);
	while (sigtimedwait(&s, NULL, &zero) > 0)
		;
}

/* Unblocks the kick inside KVM_RUN of vCPU fd (the thread's own mask,
 * without the kick). */
int vmm_kick_vcpu(struct vm *v, int fd)
{
	union {
		struct kvm_signal_mask m;
		uint8_t raw[sizeof(struct kvm_signal_mask) + 8];
	} km;
	sigset_t inrun = v->old_mask;

	sigdelset(&inrun, PVABI_VM_KICK_SIGNAL);
	km.m.len = 8; /* the kernel's sigset: the first 64 signals */
	memcpy(km.m.sigset, &inrun, 8);
	if (ioctl(fd, KVM_SET_SIGNAL_MASK, &km.m) < 0)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "KVM_SET_SIGNAL_MASK: %s",
				  strerror(errno));
	return 0;
}

/* Blocks the kick in this thread and unblocks it inside KVM_RUN. */
static int kick_mask(struct vm *v)
{
	sigset_t block;
	int rc;

	sigemptyset(&block);
	sigaddset(&block, PVABI_VM_KICK_SIGNAL);
	rc = pthread_sigmask(SIG_BLOCK, &block, &v->old_mask);
	if (rc)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -rc, "pthread_sigmask: %s", strerror(rc));
	v->mask_set = 1;
	return vmm_kick_vcpu(v, v->cpu[0].fd);
}

/* A one-shot timer that sends the kick to this thread at the deadline. */
static int kick_timer(struct vm *v, unsigned int timeout_ms)
{
	struct sigevent sev;
	struct itimerspec its;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = PVABI_VM_KICK_SIGNAL;
	sev.sigev_notify_thread_id = gettid();
	if (timer_create(CLOCK_MONOTONIC, &sev, &v->timer) < 0)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "timer_create: %s",
				  strerror(errno));
	v->timer_ok = 1;
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = timeout_ms / 1000;
	its.it_value.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
	v->deadline_ns = vmm_now_ns() + (uint64_t)timeout_ms * 1000000u;
	if (timer_settime(v->timer, 0, &its, NULL) < 0)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, -errno, "timer_settime: %s",
				  strerror(errno));
	return 0;
}

/* The kick is blocked in this thread, unblocked only inside KVM_RUN; a
 * one-shot timer sends it to this thread at the deadline. */
int vmm_kick_setup(struct vm *v, unsigned int timeout_ms)
{
	int rc;

	pthread_once(&kick_once, kick_install);
	if (kick_once_err)
		return vmm_finish(v, PVABI_VM_HOST_ERROR, kick_once_err, "sigaction: %s",
				  strerror(-kick_once_err));
	rc = kick_mask(v);
	if (rc)
		return rc;
	return kick_timer(v, timeout_ms);
}

void vmm_kick_teardown(struct vm *v)
{
	if (v->timer_ok)
		timer_delete(v->timer);
	v->timer_ok = 0;
	if (v->mask_set) {
		vmm_kick_drain();
		pthread_sigmask(SIG_SETMASK, &v->old_mask, NULL);
	}
	v->mask_set = 0;
}
