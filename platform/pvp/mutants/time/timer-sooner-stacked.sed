# set_timer with a deadline sooner than the one armed puts it in front
# and keeps the armed one behind it, as a two-slot timer queue might (the
# timer programmed for the sooner expiry, the one it displaced resumed
# when that fires): the displaced deadline fires too, later, although
# each set_timer replaces any earlier deadline. A cancel, and a deadline
# at or after the armed one, empty the slot behind (1.0+).
/^#define NO_TARGET 0xffffffffu$/a\
\
/* each vCPU's deadline displaced by a sooner one, resumed after it */\
static uint64_t timer_behind[PVP_MAX_VCPUS];
/^void pvp_platform_tick(/,/^}$/{
s/^\t\tv->timer_deadline = 0;$/\t\tv->timer_deadline = timer_behind[i]; \/* the displaced one resumes *\/\
\t\ttimer_behind[i] = 0;/
}
/^int64_t pvp_handle_set_timer(/,/^}$/{
s/^\t\tv->timer_deadline = 0;$/\t\ttimer_behind[c->vcpu] = 0;\
&/
s/^\tv->timer_deadline = at;$/\ttimer_behind[c->vcpu] = v->timer_deadline \&\& at < v->timer_deadline\
\t\t\t\t\t  ? v->timer_deadline : 0;\
&/
}
