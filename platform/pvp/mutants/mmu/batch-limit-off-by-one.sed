# mmu_update_batch handles one request past count (the dispatch refuses
# a count above mmu_batch; the handler's loop overruns the count it got).
s/for (i = 0; i < count; i++) {/for (i = 0; i <= count; i++) {/
