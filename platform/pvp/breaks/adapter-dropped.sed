# set_timer's flags, added in 1.2 with a default for older guests, is
# made an argument of every revision: the dispatch no longer adapts the
# one-argument calls of 1.0 and 1.1 guests. (The vectors gain the
# argument too, or the generator would refuse them.)
s/<arg name="flags" type="u32" since="1.2" default="0">/<arg name="flags" type="u32">/
s/<vector args="deadline_ns=0" expect="ret=0">/<vector args="deadline_ns=0 flags=0" expect="ret=0">/
s/<vector since="1.0" removed="1.2" args="deadline_ns=1" expect="ret=0">/<vector since="1.0" removed="1.2" args="deadline_ns=1 flags=0" expect="ret=0">/
s/<call op="set_timer" args="deadline_ns=\$now" expect="ret=0"\/>/<call op="set_timer" args="deadline_ns=$now flags=0" expect="ret=0"\/>/
s/<call op="set_timer" args="deadline_ns=0" expect="ret=0"\/>/<call op="set_timer" args="deadline_ns=0 flags=0" expect="ret=0"\/>/
s/<call op="set_timer" args="deadline_ns=0x7fffffffffffffff" expect="ret=0"\/>/<call op="set_timer" args="deadline_ns=0x7fffffffffffffff flags=0" expect="ret=0"\/>/
s/<call op="set_timer" args="deadline_ns=0xffffffffffffffff" expect="ret=0"\/>/<call op="set_timer" args="deadline_ns=0xffffffffffffffff flags=0" expect="ret=0"\/>/
s/<call op="set_timer" args="deadline_ns=1" /<call op="set_timer" args="deadline_ns=1 flags=0" /
s/<call op="set_timer" args="deadline_ns=\([^" ]*\)" vcpu=/<call op="set_timer" args="deadline_ns=\1 flags=0" vcpu=/
s/<call op="set_timer" args="deadline_ns=\$t0+2000000" expect="ret=0"\/>/<call op="set_timer" args="deadline_ns=$t0+2000000 flags=0" expect="ret=0"\/>/
s/<call op="set_timer" args="deadline_ns=\([^" ]*\)" expect=/<call op="set_timer" args="deadline_ns=\1 flags=0" expect=/
