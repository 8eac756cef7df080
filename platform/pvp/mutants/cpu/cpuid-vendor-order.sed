# CPUID leaf 0: the vendor string's ECX and EDX swapped (the vendor reads
# EBX, EDX, ECX; the table was typed in register order).
s/{ 0x00000000, { 1, 0x6c505650, 0x36386d72, 0x6f667461 } }/{ 0x00000000, { 1, 0x6c505650, 0x6f667461, 0x36386d72 } }/
