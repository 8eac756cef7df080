# The shared CUnit harness every test program links.
HARNESS_OBJ := $(call objs,tests/harness.c)
