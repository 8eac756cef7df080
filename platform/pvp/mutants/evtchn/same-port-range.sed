# Behaviour-preserving: the range check of a port written as two
# statements.
s/^\treturn port >= port_limit(c) ? PVP_ERANGE : 0;$/\tif (port < port_limit(c))\n\t\treturn 0;\n\treturn PVP_ERANGE;/
