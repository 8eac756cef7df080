# Benchmarks: programs run by `make bench`, each reporting ratios against
# a baseline measured in the same run.
$(O)/bench/bench-check: $(call objs,bench/bench_check.c) $$(SPEC_OBJS) $$(SCHEMA_OBJ) | $(O)/pvabi
	$(call link_rule,$(XML2_LIBS))

BENCHES += $(O)/bench/bench-check
