# Shared build rules.
#
# Every object is built by one recipe, $(compile), from a source whose path
# it mirrors: a tree of objects is a directory under $(O) holding the
# objects of one source tree (the project's sources, or the sources
# generated into $(O)/gen) built by one toolchain with one set of flags:
#
#   $(O)/obj/X.o              $(SRC)/X.c, host CC and ALL_CFLAGS
#   $(O)/obj/gen/X.o          $(O)/gen/X.c, the same
#   $(O)/obj/VARIANT/X.o      $(SRC)/X.c built again with other flags
#                             (a variant tree: $(call obj_variant,...))
#   $(O)/guest/obj/...        the same three for freestanding guest code
#                             (guest/module.mk), .c and .S
#
# A file that needs flags of its own gets them as a target-specific
# variable of its object, never as a rule of its own:
#
#   $(call objs,bench/call_guest.c): private EXTRA_CFLAGS += -I$(MINI_GEN)/$(MINI_NEWEST_REV)
#
# ("private": the flags are not inherited by the object's prerequisites,
# e.g. a generated header whose recipe builds pvabi-gen). An object that
# includes a generated header lists it as a prerequisite, so the header
# exists before the first compile; -MMD -MP tracks every include after.

# $(compile): the one compile recipe. OBJ_CC and OBJ_CFLAGS come from the
# tree the object lies in, EXTRA_CFLAGS from the object itself.
define compile
	$(call msg,$(OBJ_TAG),$(patsubst $(O)/%,%,$@))
	$(Q)mkdir -p $(@D)
	$(Q)$(OBJ_CC) $(OBJ_CFLAGS) $(EXTRA_CFLAGS) -MMD -MP -c -o $@ $<
endef

# $(call obj_tree,OBJROOT,SRCROOT,CC,CFLAGS,TAG): OBJROOT/X.o from
# SRCROOT/X.c or X.S with the toolchain named by the variables CC and
# CFLAGS. Where two trees nest (obj/ and obj/gen/), make picks the rule
# with the shorter stem whose source exists, and the inner tree's
# variables take precedence.
define obj_tree
$(1)/%.o: $(2)/%.c
	$$(compile)
$(1)/%.o: $(2)/%.S
	$$(compile)
$(1)/%.o: private OBJ_CC = $$($(3))
$(1)/%.o: private OBJ_CFLAGS = $$($(4))
$(1)/%.o: private OBJ_TAG = $(5)
endef

# $(call obj_variant,NAME): the host tree $(O)/obj/NAME of the project's
# sources, once per NAME; expands to nothing. Its objects get their flags
# as target-specific variables like any other.
obj_variant = $(if $(OBJ_VARIANT_$(1)),,$(eval OBJ_VARIANT_$(1) := 1)$(eval \
	$(call obj_tree,$(O)/obj/$(1),$(SRC),CC,ALL_CFLAGS,CC)))

$(eval $(call obj_tree,$(O)/obj,$(SRC),CC,ALL_CFLAGS,CC))
$(eval $(call obj_tree,$(O)/obj/gen,$(O)/gen,CC,ALL_CFLAGS,CC))

# $(call objs,dir/a.c dir/b.c) -> $(O)/obj/dir/a.o ...
objs = $(patsubst %.c,$(O)/obj/%.o,$(1))
# $(call variant_objs,NAME,dir/a.c ...) -> $(O)/obj/NAME/dir/a.o ...
variant_objs = $(call obj_variant,$(1))$(patsubst %.c,$(O)/obj/$(1)/%.o,$(2))
# $(call gen_objs,$(O)/gen/x/a.c ...) -> $(O)/obj/gen/x/a.o ...
gen_objs = $(patsubst $(O)/gen/%.c,$(O)/obj/gen/%.o,$(1))

# $(call revs_fragment,PREFIX,REGISTRY): the rule making $(O)/mk/PREFIX-revs.mk,
# the make fragment naming REGISTRY's revisions (mk/revs.sh), and that
# fragment's name. Included by the module that owns the registry, so the
# lists follow the registry (pvabi new-rev, pvabi release) with no build
# file edited.
define revs_fragment_rule
$(O)/mk/$(1)-revs.mk: $(2) $(SRC)/mk/revs.sh
	$$(call msg,GEN,$$(patsubst $(O)/%,%,$$@))
	$(Q)mkdir -p $$(@D)
	$(Q)sh $(SRC)/mk/revs.sh $(1) $(2) $$@
endef
# `make clean` alone needs no lists, so nothing is made for it.
revs_fragment = $(if $(filter-out clean,$(or $(MAKECMDGOALS),all)),$(eval \
	$(call revs_fragment_rule,$(1),$(2)))$(O)/mk/$(1)-revs.mk)

# $(call link,target): link $^ into target with extra libs $(2)
define link_rule
	$(call msg,LD,$(notdir $@))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(1)
endef
