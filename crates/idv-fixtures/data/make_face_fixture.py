#!/usr/bin/env python3
"""Derives astronaut-face.y4m from scikit-image's public-domain astronaut photograph.

Reproduce (Python 3 standard library only):
    pip download scikit-image==0.26.0 --no-deps -d /tmp/sk
    unzip -o /tmp/sk/scikit_image-0.26.0-*.whl skimage/data/astronaut.png -d /tmp/sk
    python3 make_face_fixture.py /tmp/sk/skimage/data/astronaut.png astronaut-face.y4m

The crop puts the face in the middle of a 4:3 frame at about a third of its width, as in a
selfie held at arm's length; the output is one 480x360 4:2:0 frame, the format Chromium's
`--use-file-for-fake-video-capture` plays in a loop.
"""
import struct
import sys
import zlib

CROP = (85, 20, 280, 210)  # x, y, width, height in the 512x512 source
OUT_W, OUT_H = 480, 360


def read_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw, stride = zlib.decompress(idat), w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[k : k + 3]) for k in range(0, stride, bpp)])
        prev = line
    return rows


def sample(rows, x, y):
    """Bilinear sample of the RGB rows at a fractional position."""
    x0, y0 = int(x), int(y)
    fx, fy = x - x0, y - y0
    x1, y1 = min(x0 + 1, len(rows[0]) - 1), min(y0 + 1, len(rows) - 1)
    out = []
    for ch in range(3):
        top = rows[y0][x0][ch] * (1 - fx) + rows[y0][x1][ch] * fx
        bottom = rows[y1][x0][ch] * (1 - fx) + rows[y1][x1][ch] * fx
        out.append(top * (1 - fy) + bottom * fy)
    return out


def main(src, dst):
    rows = read_png(src)
    cx, cy, cw, ch = CROP
    rgb = [
        [sample(rows, cx + (x + 0.5) * cw / OUT_W - 0.5, cy + (y + 0.5) * ch / OUT_H - 0.5) for x in range(OUT_W)]
        for y in range(OUT_H)
    ]
    clamp = lambda v: max(0, min(255, int(round(v))))
    # BT.601 studio range, as Chromium reads Y4M.
    luma = bytes(clamp(16 + 0.257 * r + 0.504 * g + 0.098 * b) for line in rgb for r, g, b in line)
    u, v = bytearray(), bytearray()
    for y in range(0, OUT_H, 2):
        for x in range(0, OUT_W, 2):
            px = [rgb[y + dy][x + dx] for dy in (0, 1) for dx in (0, 1)]
            r, g, b = (sum(p[k] for p in px) / 4 for k in range(3))
            u.append(clamp(128 - 0.148 * r - 0.291 * g + 0.439 * b))
            v.append(clamp(128 + 0.439 * r - 0.368 * g - 0.071 * b))
    with open(dst, "wb") as out:
        out.write(b"YUV4MPEG2 W%d H%d F30:1 Ip A1:1 C420jpeg\nFRAME\n" % (OUT_W, OUT_H))
        out.write(luma + bytes(u) + bytes(v))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
