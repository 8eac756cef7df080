# set_timer never postpones an armed expiry: a new deadline later than
# the one armed keeps the armed one, as a timer queue that coalesces a
# vCPU's frequent re-arms into the sooner expiry might. The doc replaces
# the earlier deadline: a guest that arms 2 ms ahead and then re-arms
# 10 s ahead (a tickless kernel going idle) gets its expiry after 2 ms,
# before the deadline in force (1.0+).
s/^\tv->timer_deadline = at;$/\tif (v->timer_deadline \&\& v->timer_deadline < at)\n\t\tat = v->timer_deadline; \/* keep the sooner expiry *\/\n&/
