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
$(O)/obj/bench/call_guest.o: $(SRC)/bench/call_guest.c $$(MINI_GEN)/1.2/mini_guest.h
	$(call msg,CC,bench/call_guest.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -I$(MINI_GEN)/1.2 -c -o $@ $<

$(O)/obj/bench/call_platform.o: $(SRC)/bench/call_platform.c $$(MINI_PLATFORM_H)
	$(call msg,CC,bench/call_platform.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -I$(MINI_GEN)/platform -c -o $@ $<

$(O)/obj/bench/call_base.o: $(SRC)/bench/call_base.c $$(MINI_PLATFORM_H)
	$(call msg,CC,bench/call_base.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -I$(MINI_GEN)/platform -c -o $@ $<

$(O)/bench/bench-call: $(O)/obj/bench/call_guest.o $(O)/obj/bench/call_platform.o \
		$(O)/obj/bench/call_base.o \
		$$(O)/obj/gen-tests/mini_dispatch.o
	$(call link_rule,)

BENCHES += $(O)/bench/bench-call

# ---- engines (bench/bench_engines.c): call round trip vs a bare port
# exit, conformance cell vs empty guest per engine, kvm lifecycles/s, the
# auto pick. Against the mini platform and its images.
$(O)/obj/gen-tests/bench_engines.o: $(SRC)/bench/bench_engines.c $$(MINI_PLATFORM_H)
	$(call msg,CC,bench/bench_engines.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -I$(MINI_GEN)/platform -MMD -MP -c -o $@ $<

$(O)/bench/bench-engines: $(O)/obj/gen-tests/bench_engines.o $(O)/obj/gen-tests/mini_host.o \
		$(O)/obj/gen-tests/mini_dispatch.o $$(CONFORMANCE_OBJS) $$(VMM_OBJS) \
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
