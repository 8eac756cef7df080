# negotiate encodes the answer into the platform's own buffer size, not
# the answer size the guest passed: a guest whose answer buffer is too
# small gets bytes written past it and 0, instead of EINVAL and nothing
# written.
s/answer.size < sizeof(resp) ? (size_t)answer.size : sizeof(resp)/sizeof(resp)/
