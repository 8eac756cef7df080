# Behaviour-preserving: LSTAR and CSTAR exchange slots in the MSR file.
# Both reset to 0 and take the same canonical check, so every read and
# write of either answers as before.
s/0xc0000080, 0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084,/0xc0000080, 0xc0000081, 0xc0000083, 0xc0000082, 0xc0000084,/
