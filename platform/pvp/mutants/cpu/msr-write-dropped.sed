# write_msr answers 0 for PAT but never stores it (the developer meant
# to apply PAT to the shadow page tables first and forgot the store).
s/^\tv->msr\[s\] = value;$/\tif (s != M_PAT)\n\t\tv->msr[s] = value;/
