# Seeded breaks of the negotiation code itself (README.md beside the spec
# breaks): each NAME.sed names on its first line ("# file: PATH") the
# source it edits; the program is the full pvabi with that one object
# rebuilt from the edited copy, as $(O)/breaks/NAME/pvabi. Included after
# platform/pvp/breaks/module.mk, whose gate test runs these too.
NEG_BREAKS_DIR := $(SRC)/platform/pvp/breaks/negotiation
NEG_BREAKS := $(patsubst $(NEG_BREAKS_DIR)/%.sed,%,$(wildcard $(NEG_BREAKS_DIR)/*.sed))

# $(call neg_break_src,NAME): the source path NAME.sed edits.
neg_break_src = $(shell sed -n '1s/^\# file: //p' $(NEG_BREAKS_DIR)/$(1).sed)

# $(call neg_break,NAME,PATH): the edited copy (which must differ), its
# object, the program without PATH's own object.
define neg_break
$(O)/gen/breaks/$(1)/$(notdir $(2)): $(NEG_BREAKS_DIR)/$(1).sed $(SRC)/$(2)
	$$(call msg,SED,gen/breaks/$(1)/$(notdir $(2)))
	$(Q)mkdir -p $$(@D)
	$(Q)sed -f $$< $(SRC)/$(2) > $$@.tmp && ! cmp -s $$@.tmp $(SRC)/$(2) && mv $$@.tmp $$@

$(call gen_objs,$(O)/gen/breaks/$(1)/$(notdir $(2))): $$(PVP_PLATFORM_H)
$(call gen_objs,$(O)/gen/breaks/$(1)/$(notdir $(2))): private EXTRA_CFLAGS = \
	-I$(SRC)/$(dir $(2)) -I$(PVP_GEN)/platform

$(O)/breaks/$(1)/pvabi: $$(CLI_OBJS) \
		$$(filter-out $(call objs,$(2)),$$(PVABI_LIB_OBJS) $$(RUNNER_OBJS)) \
		$(call gen_objs,$(O)/gen/breaks/$(1)/$(notdir $(2)))
	$$(call link_rule,$$(XML2_LIBS))
endef
$(foreach b,$(NEG_BREAKS),$(eval $(call neg_break,$(b),$(call neg_break_src,$(b)))))

NEG_BREAK_PROGRAMS := $(patsubst %,$(O)/breaks/%/pvabi,$(NEG_BREAKS))
$(O)/tests/test-gate: | $(NEG_BREAK_PROGRAMS)
