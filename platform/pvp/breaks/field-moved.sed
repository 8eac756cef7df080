/<struct name="cpuid_regs"/,/<\/struct>/{
s/<field name="eax" type="u32"><doc>EAX.<\/doc><\/field>/@@EAX@@/
s/<field name="ebx" type="u32"><doc>EBX.<\/doc><\/field>/<field name="eax" type="u32"><doc>EAX.<\/doc><\/field>/
s/@@EAX@@/<field name="ebx" type="u32"><doc>EBX.<\/doc><\/field>/
}
