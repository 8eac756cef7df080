# Behaviour-preserving: PAT's valid memory types (0, 1, 4, 5, 6, 7)
# tested as a bit table instead of a list of the refused ones.
s/if (t == 2 || t == 3 || t > 7)/if (t > 7 || !((0xf3u >> t) \& 1u))/
