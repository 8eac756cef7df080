s|<value name="watchdog" value="3" since="1.3">|<value name="suspend" value="4" since="2.1"><doc>The guest suspends itself.</doc></value>\n    &|
