# The pvabi program's front end. The link rules are in the top Makefile,
# after every module has appended its objects to PVABI_LIB_OBJS and
# RUNNER_OBJS. Commands that run guests live in cli/runner/; the stage
# without them, $(O)/pvabi-gen, is what generates code during the build.
CLI_CORE_SRCS := $(filter-out cli/main.c,$(patsubst $(SRC)/%,%,$(wildcard $(SRC)/cli/*.c)))
CLI_RUNNER_SRCS := $(patsubst $(SRC)/%,%,$(wildcard $(SRC)/cli/runner/*.c))
CLI_OBJS := $(call objs,cli/main.c $(CLI_CORE_SRCS) $(CLI_RUNNER_SRCS))
CLI_GEN_OBJS := $(call variant_objs,stage-gen,cli/main.c) $(call objs,$(CLI_CORE_SRCS))
BINS += $(O)/pvabi $(O)/pvabi-gen
# The help table and its renderers, for tests that link a command alone.
CLI_HELP_OBJS := $(call objs,cli/help.c cli/help_text.c cli/help_man.c)

$(call variant_objs,stage-gen,cli/main.c): private EXTRA_CFLAGS = -DPVABI_STAGE_GEN
