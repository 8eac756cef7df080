s/<feature name="tlb_range" bit="2" since="1.3">/<feature name="tlb_range" bit="2" since="1.2">/
s/<op name="flush_tlb_range" id="19" since="1.3" feature="tlb_range">/<op name="flush_tlb_range" id="19" since="1.2" feature="tlb_range">/
