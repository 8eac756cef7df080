# The leaf table looked up by (leaf, subleaf), as a VMM keeps its CPUID
# entries (KVM's carry an index), with every entry at subleaf 0 and no
# flag saying which leaves ignore the index: a leaf without subleaves
# asked with ECX other than 0 answers ENOENT, although the doc says
# subleaf is ignored by those leaves (1.0+).
s|^/\* No leaf of the table has subleaves, so subleaf is ignored\. \*/$|/* Entries are keyed by leaf and subleaf; each is subleaf 0 of its leaf. */|
/^\t(void)subleaf;$/d
s|&& leaves\[i\]\.leaf != leaf;|\&\& (leaves[i].leaf != leaf \|\| subleaf != 0);|
