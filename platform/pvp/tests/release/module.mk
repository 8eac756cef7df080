# Test-local seeds (conformance/tests/release-seeds): platforms with one
# break that fails a scenario half-way, holding what it acquired, which
# test-scen-release must see released (and, with release=off, see turn
# later scenarios red). Built like the edge seeds, not scored. Included
# after platform/pvp/mutants/module.mk (deeper), whose seed_dir and
# seed_test it uses.
$(eval $(call seed_dir,RELEASE,$(SRC)/conformance/tests/release-seeds))

$(eval $(call seed_test,scen-release,RELEASE))
