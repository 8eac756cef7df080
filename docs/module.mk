# The man page pvabi(1) and the bash completion script, generated from the
# help table every command's --help prints (cli/help_text.c), never
# written by hand nor committed.
PVABI_MAN := $(O)/doc/pvabi.1
PVABI_COMPLETION := $(O)/doc/pvabi.bash-completion

# Written to a temporary file first, so a failed run leaves no partial page.
$(PVABI_MAN): $(O)/pvabi-gen
	$(call msg,GEN,doc/pvabi.1)
	$(Q)mkdir -p $(@D)
	$(Q)$(O)/pvabi-gen help --man >$@.tmp && mv $@.tmp $@

$(PVABI_COMPLETION): $(O)/pvabi-gen
	$(call msg,GEN,doc/pvabi.bash-completion)
	$(Q)mkdir -p $(@D)
	$(Q)$(O)/pvabi-gen help --bash-completion >$@.tmp && mv $@.tmp $@

BINS += $(PVABI_MAN) $(PVABI_COMPLETION)

.PHONY: install-doc
install-doc: $(PVABI_MAN) $(PVABI_COMPLETION)
	$(call msg,INSTALL,$(DESTDIR)$(MANDIR)/man1/pvabi.1)
	$(Q)install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/bash-completion/completions
	$(Q)install -m 0644 $(PVABI_MAN) $(DESTDIR)$(MANDIR)/man1/pvabi.1
	$(Q)install -m 0644 $(PVABI_COMPLETION) $(DESTDIR)$(DATADIR)/bash-completion/completions/pvabi

INSTALL_TARGETS += install-doc
