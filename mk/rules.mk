# Shared build rules. Objects mirror the source tree under $(O)/obj.

$(O)/obj/%.o: $(SRC)/%.c
	$(call msg,CC,$*.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# $(call objs,dir/a.c dir/b.c) -> $(O)/obj/dir/a.o ...
objs = $(patsubst %.c,$(O)/obj/%.o,$(1))

# $(call link,target): link $^ into target with extra libs $(2)
define link_rule
	$(call msg,LD,$(notdir $@))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(1)
endef
