#!/usr/bin/env python3
"""Writes the synthetic seeds of fixtures/fuzz/ (negotiation frames, call
frame sequences, tiny ELF images, TAP edge cases). The other seeds are
copies of existing fixtures and of real runs (docs/fuzzing.md). Run from
the source tree: python3 fuzz/make-seeds.py"""
import os
import struct

OUT = "fixtures/fuzz"
OFFER, ANSWER = 0x4F4E5650, 0x414E5650


def rev(ma, mi):
    return ma << 16 | mi


def put(target, name, data):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def offer(lo, hi, req=0, opt=0, gid=7, layout=0, size=40, magic=OFFER, extra=b""):
    return struct.pack("<IHHIIQQQ", magic, layout, size, lo, hi, req, opt, gid) + extra


def answer(status, defect=0, chosen=0, granted=0, missing=0, g=(0, 0), p=(0, 0), gid=0, pid=0):
    return struct.pack("<IHHIIIIQQIIIIQQ", ANSWER, 0, 72, status, defect, chosen, 0,
                       granted, missing, g[0], g[1], p[0], p[1], gid, pid)


def negotiator():
    put("negotiator", "offer-1.0-2.1", offer(rev(1, 0), rev(2, 1), 0, 0xfe))
    put("negotiator", "offer-required", offer(rev(1, 1), rev(1, 3), 0x3, 0x4, 0x6775657374))
    put("negotiator", "offer-layout1", offer(rev(2, 0), rev(2, 1), size=48, layout=1, extra=b"\0" * 8))
    put("negotiator", "offer-inverted", offer(rev(2, 1), rev(1, 0)))
    put("negotiator", "offer-truncated", offer(rev(1, 0), rev(2, 1))[:30])
    put("negotiator", "answer-ok", answer(0, chosen=rev(2, 1), granted=0xfe, g=(rev(1, 0), rev(2, 1)),
                                          p=(rev(1, 0), rev(2, 1)), gid=0x6775657374, pid=7))
    put("negotiator", "answer-missing", answer(2, chosen=rev(2, 1), missing=0x100, g=(rev(1, 0), rev(2, 1)),
                                               p=(rev(1, 0), rev(2, 1)), gid=0x6775657374))
    put("negotiator", "answer-malformed", answer(4, defect=2, p=(rev(1, 0), rev(2, 1))))
    put("negotiator", "text-ok", "1.0-2.1,req=0x1,opt=0xfe,id=7\n1.0-1.3:0xf,2.0-2.1:0xff,features=0xff,id=9")
    put("negotiator", "text-holes", "1.2\n1.0,1.2:0x3,2.0-2.1,features=0x3")
    put("negotiator", "text-rev", "65535.65535")


FRAME_MAGIC = 0x46435650


def call(op, args, kind=1, nargs=None):
    args = list(args) + [0] * (8 - len(args))
    return struct.pack("<BIB8Q", kind, op, len([a for a in args if a]) if nargs is None else nargs, *args)


def poke(off, data):
    return struct.pack("<BHB", 0, off, len(data)) + data


def neg_cfg(idx, nvcpus=1, mem=2):
    """Byte 0 of a host input: negotiate window revision idx first."""
    return bytes([(nvcpus - 1) | (idx + 1) << 3 | mem << 6]) + struct.pack("<Q", 0xff)


def host():
    # argument order as in spec/platform.xml; pointers into scratch pages
    put("host", "negotiate-by-frame", bytes([2 << 6]) + struct.pack("<Q", 0) +
        poke(0x1000, offer(rev(1, 0), rev(2, 1), 0, 0xff)) + call(0, [0x1000, 0x1080], nargs=2) +
        call(9, [], nargs=0) + call(3, [0, 0, 0x2000], nargs=3))
    put("host", "rev1.1-cpu", neg_cfg(1) + poke(0x2000, b"hello, platform\n") +
        call(1, [16, 0x2000], nargs=2) + call(3, [0, 0, 0x3000], nargs=3) +
        call(3, [0x40000000, 0, 0x3000], nargs=3) + call(4, [0x10, 0x3100], nargs=2) +
        call(5, [0xc0000100, 0x1000], nargs=2) + call(9, [], nargs=0) +
        call(10, [0x3200], nargs=1) + call(2, [0], nargs=1))
    put("host", "rev2.1-mmu", neg_cfg(5, 2) +
        poke(0x4000, struct.pack("<QIIQQIIQ", 0x5000, 1, 0, 0x6003, 0x5000, 2, 0, 0x7003)) +
        call(6, [0x5000, 3, 0x6003], nargs=3) + call(16, [2, 0x4000, 0x4100], nargs=3) +
        call(7, [0], nargs=1) + call(19, [0x200000, 4, 1], nargs=3) +
        call(18, [1, 5, 0x4000], nargs=3))
    put("host", "rev2.1-evtchn-timer", neg_cfg(5, 2) + call(11, [0], nargs=1) +
        call(12, [1, 1, 0x40], nargs=3) + call(13, [1], nargs=1) +
        call(17, [1, 0x3000], nargs=2) + call(8, [1000, 0], nargs=2) +
        call(15, [0xffffffff], nargs=1) + call(20, [1], kind=1 | 1 << 5, nargs=1) +
        call(14, [1], nargs=1))
    put("host", "bad-frames", neg_cfg(4) + call(99, [1, 2, 3], kind=1 | 8) +
        call(2, [0], kind=1 | 16) + call(1, [0xffffffffffffffff, 8], kind=5, nargs=9) +
        call(18, [0, 0x100, 0x7000 - 8], nargs=3))


def elf(cls, multiboot=True, pvh=False, bss=0x1000):
    load, poff, mb, note = 0x100000, 0x100, 0xC0, 0xD0
    payload = b"\xf4" * 16  # hlt
    nph = 2 if pvh else 1
    if cls == 32:
        eh = struct.pack("<4sBBB9xHHIIIIIHHHHHH", b"\x7fELF", 1, 1, 1, 2, 3, 1, load, 52, 0, 0,
                         52, 32, nph, 0, 0, 0)
        ph = struct.pack("<8I", 1, poff, load, load, len(payload), len(payload) + bss, 7, 0x1000)
        if pvh:
            ph += struct.pack("<8I", 4, note, 0, 0, 20, 20, 4, 4)
    else:
        eh = struct.pack("<4sBBB9xHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 2, 62, 1, load, 64, 0, 0,
                         64, 56, nph, 0, 0, 0)
        ph = struct.pack("<IIQQQQQQ", 1, 7, poff, load, load, len(payload), len(payload) + bss, 0x1000)
        if pvh:
            ph += struct.pack("<IIQQQQQQ", 4, 4, note, 0, 0, 20, 20, 4)
    img = bytearray(poff)
    img[:len(eh + ph)] = eh + ph
    if multiboot:
        img[mb:mb + 12] = struct.pack("<III", 0x1BADB002, 0, (-0x1BADB002) & 0xffffffff)
    if pvh:
        img[note:note + 20] = struct.pack("<III4sI", 4, 4, 18, b"Xen\0", load)
    return bytes(img) + payload


def elves():
    put("elf", "mb32", elf(32))
    put("elf", "mb64", elf(64))
    put("elf", "pvh32", elf(32, multiboot=False, pvh=True))
    put("elf", "pvh64-bss", elf(64, multiboot=False, pvh=True, bss=0x20000))


def tap():
    put("tap", "edge-cases", "\n".join([
        "TAP version 13", "1..6", "# negotiated: {\"status\":\"OK\",\"chosen\":\"2.1\",\"granted\":\"0xff\"}",
        "# platform: {\"side\":\"platform\",\"status\":\"OK\"}",
        "ok 1 - console_write \\# escaped", "not ok 2 - set_timer # TODO later",
        "not ok 3 - get_time", "# expected 0, got -22", "ok 4 # SKIP no feature",
        "ok 5 - caf\xc3\xa9 \xff\xfe bytes\r", "Bail out! platform died",
        "# run: 12.5 ms: guest exited 1"]) + "\n")
    put("tap", "refused", "1..0 # negotiation refused\n# negotiated: {\"status\":\"NO_COMMON_REVISION\","
        "\"chosen\":null}\n# run: refused\n")


def rec(rtype, kind, num, payload=b""):
    return struct.pack("<HBBI", 8 + len(payload), rtype, kind, num) + payload


def rec_line(kind, num, fmt, args=b""):
    return rec(2, kind, num, struct.pack("<H", len(fmt)) + fmt + args)


def conrec_life(mem, hdr, cap, records, calls=1, bad_magic=False):
    """A guest's life for fuzz_conrec.c: a header, records, calls."""
    out = bytes([mem]) + bytes([1 | (8 if bad_magic else 0)]) + struct.pack("<III", hdr, cap, 0)
    for r in records:
        out += bytes([2]) + struct.pack("<H", len(r)) + r
    return out + bytes([3]) * calls


def conrec():
    s = lambda t: struct.pack("<H", len(t)) + t
    good = [rec(1, 0, 0, b"TAP version 13\n"),
            rec_line(3, 0, b"image: abi %s revision %s, offers 0x%08x", s(b"pvp") + s(b"2.1")
                     + struct.pack("<Q", 0x10000)),
            rec_line(0, 1, b"op %s: %s (got %lld)", s(b"yield") + s(b"() -> ret=0")
                     + struct.pack("<q", -7)),
            rec_line(1, 2, b"null %s", struct.pack("<H", 0xffff)),
            rec_line(2, 3, b"skipped %d", struct.pack("<Q", 3) + s(b"no feature")),
            rec(3, 0, 3)]
    put("conrec", "suite", conrec_life(1, 0x100, 0x2000, good, calls=2))
    put("conrec", "flush-twice", conrec_life(1, 0x100, 0x1000, good[:3], calls=1)
        + bytes([4]) + struct.pack("<I", 0) + bytes([2]) + struct.pack("<H", 8) + rec(3, 0, 1)
        + bytes([3]))
    put("conrec", "widths", conrec_life(1, 0x100, 0x2000, [rec_line(3, 0, b"%9999d%09999x%9999s",
        struct.pack("<QQ", 1, 2) + s(b"w"))], calls=3))
    put("conrec", "bad-magic", conrec_life(0, 0x40, 0x1000, good[:2], bad_magic=True))
    put("conrec", "region-past-memory", conrec_life(0, 0x800, 0x1000, good[:2]))
    put("conrec", "cut-header", conrec_life(2, 0x100, 0x2000, [b"\x20\x00\x01"]))
    put("conrec", "out-of-order", conrec_life(1, 0x100, 0x2000, [good[2], good[2]]))


if __name__ == "__main__":
    negotiator()
    host()
    elves()
    tap()
    conrec()
