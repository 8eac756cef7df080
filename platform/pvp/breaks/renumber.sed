s/<op name="get_time" id="9"/<op name="get_time" id="11"/
s/<op name="evtchn_alloc" id="11"/<op name="evtchn_alloc" id="9"/
