# Benchmarks: programs run by `make bench`, each reporting ratios against
# a baseline measured in the same run.
$(O)/bench/bench-check: $(call objs,bench/bench_check.c bench/synth.c) $$(SPEC_OBJS) $$(SCHEMA_OBJ) | $(O)/pvabi
	$(call link_rule,$(XML2_LIBS))

BENCHES += $(O)/bench/bench-check

# Scaling of check and diff with the spec's size, per shape (10k..1M).
$(O)/bench/bench-scale: $(call objs,bench/bench_scale.c bench/synth.c bench/synth_shapes.c) $$(SPEC_OBJS) $$(SCHEMA_OBJ) | $(O)/pvabi
	$(call link_rule,$(XML2_LIBS))

BENCHES += $(O)/bench/bench-scale

$(O)/bench/bench-gen: $(call objs,bench/bench_gen.c bench/synth.c) $$(SPEC_OBJS) $$(SCHEMA_OBJ) | $(O)/pvabi
	$(call link_rule,$(XML2_LIBS))

BENCHES += $(O)/bench/bench-gen

# Call cost through the generated mini stubs + dispatch vs a hand-written
# switch; the generated files come from the generator tests' rules.
CALL_GUEST_OBJ := $(call objs,bench/call_guest.c)
$(CALL_GUEST_OBJ): $$(MINI_GEN)/$$(MINI_NEWEST_REV)/mini_guest.h
$(CALL_GUEST_OBJ): private EXTRA_CFLAGS = -I$(MINI_GEN)/$(MINI_NEWEST_REV)
CALL_PLATFORM_OBJS := $(call objs,bench/call_platform.c bench/call_base.c)
$(CALL_PLATFORM_OBJS): $$(MINI_PLATFORM_H)
$(CALL_PLATFORM_OBJS): private EXTRA_CFLAGS = -I$(MINI_GEN)/platform

$(O)/bench/bench-call: $(CALL_GUEST_OBJ) $(CALL_PLATFORM_OBJS) $$(MINI_DISPATCH_OBJ) $$(UTIL_OBJS)
	$(call link_rule,)

BENCHES += $(O)/bench/bench-call

# ---- engines (bench/bench_engines.c): call round trip vs a bare port
# exit, conformance cell vs empty guest per engine, kvm lifecycles/s, the
# auto pick. Against the mini platform and its images.
BENCH_ENGINES_OBJ := $(call objs,bench/bench_engines.c bench/measure.c)
$(BENCH_ENGINES_OBJ): $$(MINI_PLATFORM_H)
$(BENCH_ENGINES_OBJ): private EXTRA_CFLAGS = -I$(MINI_GEN)/platform

$(O)/bench/bench-engines: $(BENCH_ENGINES_OBJ) $$(MINI_HOST_OBJ) \
		$$(MINI_DISPATCH_OBJ) $$(CONFORMANCE_OBJS) $$(VMM_OBJS) \
		$$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) \
		| $$(MINI_IMAGES) $(O)/guest/mini/calls.elf $(O)/guest/calls.elf $(O)/guest/empty.elf
	$(call link_rule,$(XML2_LIBS))

BENCHES += $(O)/bench/bench-engines
# ---- end engines

# ---- the full reference matrix per engine vs the same number of empty
# guest boots (bench/bench_matrix.c); runs the built pvabi.
$(O)/bench/bench-matrix: $(call objs,bench/bench_matrix.c) $$(CONFORMANCE_OBJS) $$(VMM_OBJS) \
		$$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) \
		| $(O)/pvabi $(O)/guest/empty.elf $$(PVP_IMAGES)
	$(call link_rule,$(XML2_LIBS))

BENCHES += $(O)/bench/bench-matrix

# ---- one pvp conformance cell vs an empty-guest boot per engine, as
# `pvabi run` processes (bench/bench_cell.c): the console through memory,
# over COM1, and a frozen image.
$(O)/bench/bench-cell: $(call objs,bench/bench_cell.c bench/measure.c) $$(CONFORMANCE_OBJS) $$(VMM_OBJS) \
		$$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) \
		| $(O)/pvabi $(O)/guest/empty.elf $$(PVP_IMAGES)
	$(call link_rule,$(XML2_LIBS))

BENCHES += $(O)/bench/bench-cell

# ---- the matrix with and without the feature axis (bench/bench_feature.c)
$(O)/bench/bench-feature: $(call objs,bench/bench_feature.c bench/measure.c) $$(UTIL_OBJS) \
		| $(O)/pvabi $$(PVP_IMAGES)
	$(call link_rule,)

BENCHES += $(O)/bench/bench-feature

# ---- the xen engine per cached Xen release: a probe cell vs the empty
# Xen guest, and cells on one and two workers (bench/bench_xen.c).
$(O)/bench/bench-xen: $(call objs,bench/bench_xen.c bench/measure.c) $$(CONFORMANCE_OBJS) $$(VMM_OBJS) \
		$$(PLATFORM_HOST_OBJS) $$(NEG_OBJS) $$(SPEC_OBJS) $$(SCHEMA_OBJ) \
		| $(O)/guest/xen/probe.elf $(O)/guest/xen/empty.elf $(O)/guest/xen/4.14.0/suite.elf
	$(call link_rule,$(XML2_LIBS))

BENCHES += $(O)/bench/bench-xen

# ---- the KVM matrix: a KVM cell vs an empty-guest boot per engine, and
# the whole KVM matrix (bench/bench_kvm.c); runs the built pvabi.
$(O)/bench/bench-kvm: $(call objs,bench/bench_kvm.c bench/measure.c) $$(UTIL_OBJS) | $(O)/pvabi $(O)/guest/empty.elf
	$(call link_rule,)

BENCHES += $(O)/bench/bench-kvm
