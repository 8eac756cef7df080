s/<revision id="1.0" status="released"/<revision id="1.0" status="retired"/
