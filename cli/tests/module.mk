# End-to-end tests of the pvabi program.
$(O)/tests/test-cli: $(call objs,cli/tests/test_release.c cli/tests/test_release_new_rev.c \
		cli/tests/test_release_files.c cli/tests/release_env.c) $(UTIL_OBJS) $(HARNESS_OBJ) | $(O)/pvabi
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-cli

# The help table against the program, the README, the man page and the
# completion script.
$(O)/tests/test-help: $(call objs,cli/tests/test_help.c) $(CLI_HELP_OBJS) $(HARNESS_OBJ) \
		| $(O)/pvabi
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-help

# make install into scratch prefixes; links programs against the installed
# negotiator (it needs every installed file built first).
$(O)/tests/test-install: $(call objs,cli/tests/test_install.c tests/fixtures.c) $$(UTIL_OBJS) $(HARNESS_OBJ) | all
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-install

# Output files: gen on a full disk (the cause said, a target's files all
# or none); no temp file left by a command killed while it writes.
$(O)/tests/test-outputs: $(call objs,cli/tests/test_outputs.c) $(UTIL_OBJS) $(HARNESS_OBJ) \
		| $(O)/pvabi $(O)/guest/tests/crash.elf
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-outputs

# The README's release workflow on a scratch copy of the tree: a compatible
# revision released, frozen and green against every frozen image, then a
# breaking edit red. It builds the copy from scratch.
$(O)/tests/test-release-cycle: $(call objs,cli/tests/test_release_cycle.c tests/fixtures.c) $$(UTIL_OBJS) $(HARNESS_OBJ)
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-release-cycle

# Spec, registry and image paths that are not regular files; bad input
# exits 2 where no engine runs images.
$(O)/tests/test-input-paths: $(call objs,cli/tests/test_input_paths.c) $(HARNESS_OBJ) | $(O)/pvabi
	$(call link_rule,$(CUNIT_LIBS))

TESTS += $(O)/tests/test-input-paths
