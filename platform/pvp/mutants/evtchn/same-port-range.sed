# Behaviour-preserving: the port limit's clamp to the table written as
# two statements.
s/^\treturn (uint32_t)(v < PVP_LIMIT_PORTS_CEILING ? v : PVP_LIMIT_PORTS_CEILING);$/\tif (v > PVP_LIMIT_PORTS_CEILING)\n\t\tv = PVP_LIMIT_PORTS_CEILING;\n\treturn (uint32_t)v;/
