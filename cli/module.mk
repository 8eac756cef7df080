# The pvabi program's front end. The link rule is in the top Makefile,
# after every module has appended its objects to PVABI_LIB_OBJS.
CLI_SRCS := $(wildcard $(SRC)/cli/*.c)
CLI_OBJS := $(call objs,$(patsubst $(SRC)/%,%,$(CLI_SRCS)))
BINS += $(O)/pvabi
