# libFuzzer harnesses (docs/fuzzing.md), one per input a hostile guest,
# shard or user controls. `make fuzz` builds them with clang into
# $(O)/fuzz, a tree of its own (every object there is instrumented for
# coverage with -fsanitize=fuzzer-no-link, under ASan and UBSan), then
# runs each for FUZZ_TIME seconds (or FUZZ_RUNS inputs) on a copy of its
# seed corpus fixtures/fuzz/<target>/; a crash fails make and names the
# reproducer. FUZZ_TARGETS picks harnesses; FUZZ_RESULTS=file records the
# figures as JSON (bench/results/fuzz.json).
FUZZ_TARGETS ?= spec registry negotiator host tap result elf conrec
FUZZ_TIME ?= 60
FUZZ_RUNS ?=
FUZZ_RESULTS ?=
FUZZ_O := $(O)/fuzz

.PHONY: fuzz fuzz-build fuzz-bins

ifneq ($(FUZZ_BUILD),1)

fuzz-build: deps
	$(Q)$(MAKE) --no-print-directory -f $(SRC)/Makefile O=$(FUZZ_O) CC=clang FUZZ_BUILD=1 \
		SANITIZE=0 FUZZ_TARGETS='$(FUZZ_TARGETS)' fuzz-bins

fuzz: fuzz-build
	$(Q)FUZZ_TIME='$(FUZZ_TIME)' FUZZ_RUNS='$(FUZZ_RUNS)' FUZZ_RESULTS='$(FUZZ_RESULTS)' \
		$(SRC)/ci/run-fuzz $(FUZZ_O) $(FUZZ_TARGETS)

else # inside the fuzz tree

override CFLAGS += -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
override LDFLAGS += -fsanitize=address,undefined

# The reference spec and registry the harnesses compare fuzzed input with.
FUZZ_EMBED_C := $(O)/gen/fuzz/embedded.c
$(FUZZ_EMBED_C): $(SRC)/spec/platform.xml $(SRC)/ABI-VERSIONS.xml $(SRC)/mk/embed.sh
	$(call msg,GEN,$(notdir $@))
	$(Q)mkdir -p $(@D)
	$(Q)sh $(SRC)/mk/embed.sh $@ pvabi_fuzz_spec_xml $(SRC)/spec/platform.xml \
		pvabi_fuzz_registry_xml $(SRC)/ABI-VERSIONS.xml

# The host harness includes the generated platform header.
$(call objs,fuzz/fuzz_host.c): $$(PVP_PLATFORM_H)
$(call objs,fuzz/fuzz_host.c): private EXTRA_CFLAGS = -I$(PVP_GEN)/platform

FUZZ_COMMON_OBJS = $(call objs,fuzz/fuzz_util.c conformance/tapparse.c conformance/jsonread.c \
	conformance/cell.c) \
	$(call gen_objs,$(FUZZ_EMBED_C)) $(SPEC_OBJS) $(SCHEMA_OBJ) $(NEG_OBJS)
FUZZ_CELL_OBJS = $(call objs,fuzz/fuzz_report.c conformance/profile.c) $(CELL_RESULT_OBJS)

FUZZ_OBJS_spec := $(call objs,fuzz/fuzz_spec.c)
FUZZ_OBJS_registry := $(call objs,fuzz/fuzz_registry.c conformance/profile.c)
FUZZ_OBJS_negotiator := $(call objs,fuzz/fuzz_negotiator.c)
FUZZ_OBJS_host = $(call objs,fuzz/fuzz_host.c) $(PVP_PLATFORM_OBJS) $(PLATFORM_HOST_OBJS)
FUZZ_OBJS_tap = $(call objs,fuzz/fuzz_tap.c) $(FUZZ_CELL_OBJS)
FUZZ_OBJS_result = $(call objs,fuzz/fuzz_result.c) $(FUZZ_CELL_OBJS)
FUZZ_OBJS_elf := $(call objs,fuzz/fuzz_elf.c platform/vmm/elf.c platform/vmm/elf_read.c \
	platform/vmm/elf_note.c)
FUZZ_OBJS_conrec = $(call objs,fuzz/fuzz_conrec.c) $(CONREC_OBJS) $(PLATFORM_HOST_OBJS)

$(O)/bin/fuzz-%: $$(FUZZ_OBJS_$$*) $$(FUZZ_COMMON_OBJS)
	$(call msg,LD,$(notdir $@))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $(filter %.o,$^) $(XML2_LIBS)

fuzz-bins: $(patsubst %,$(O)/bin/fuzz-%,$(FUZZ_TARGETS))

endif
