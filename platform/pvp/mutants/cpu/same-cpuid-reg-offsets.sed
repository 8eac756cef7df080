# Behaviour-preserving: cpuid places the four registers through a table
# of their layout offsets, in instruction order, instead of four stores:
# each register goes to its own field, cut to the bytes the layout and
# the buffer hold, as before.
/^int64_t pvp_handle_cpuid(/,/^}/{
/^\tpvp_put32(out, n, l->eax, r\[0\]);$/c\
\t{\
\t\t/* EAX, EBX, ECX, EDX: r[] and the offsets in the same order */\
\t\tconst int32_t off[4] = { l->eax, l->ebx, l->ecx, l->edx };\
\
\t\tfor (i = 0; i < 4; i++)\
\t\t\tpvp_put32(out, n, off[i], r[i]);\
\t}
/^\tpvp_put32(out, n, l->e[bcd]x, r\[[123]\]);$/d
}
