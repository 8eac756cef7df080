# negotiate reads the offer into its buffer at the buffer's size, the
# largest offer layout it could parse, rather than the offer's own 40
# bytes: an offer in the last 256 bytes of guest memory (a boot stack at
# the top of RAM) is refused with EFAULT and nothing is negotiated,
# although the offer lies wholly inside guest memory (1.0+).
s/^\tsize_t in = offer.size < sizeof(req) ? (size_t)offer.size : sizeof(req);$/\tsize_t in = sizeof(req); \/* the largest offer layout we parse *\//
