/<struct name="time_info"/,/<\/struct>/{
s/<field name="flags" type="u32" since="1.1">/<field name="flags" type="u32">/
s/<field name="reserved0" type="u32" since="1.1">/<field name="reserved0" type="u32">/
}
