# The back end of the compiler: emitters of guest stubs, platform dispatch,
# conformance suites, skeleton handlers and the manual. SPEC_OBJS is the
# whole compiler library (abi/ + emit/) that programs and tests link.
EMIT_SRCS := $(patsubst $(SRC)/%,%,$(wildcard $(SRC)/emit/*.c))
EMIT_OBJS := $(call objs,$(EMIT_SRCS))
SPEC_OBJS += $(EMIT_OBJS)
PVABI_LIB_OBJS += $(EMIT_OBJS)
