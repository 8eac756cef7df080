# The KVM ABI (spec/kvm.xml) checked against the kernel's uapi headers
# (linux-libc-dev): the crosscheck header of its newest revision compiled
# with asm/kvm_para.h and linux/kvm_para.h for x86-64 and x86-32, the
# pvclock structs against the layout msr.rst documents.
$(O)/tests/test-kvm-headers: $(call objs,emit/tests/kvm/test_kvm_headers.c emit/tests/xcheck.c tests/fixtures.c) \
		$$(SPEC_OBJS) $$(SCHEMA_OBJ) $(HARNESS_OBJ) | $(O)/pvabi
	$(call link_rule,$(XML2_LIBS) $(CUNIT_LIBS))

TESTS += $(O)/tests/test-kvm-headers
