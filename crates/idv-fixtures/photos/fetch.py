#!/usr/bin/env python3
"""Re-obtains the background photographs of the document-guidance benchmark (src/scene.rs).

The photos are committed beside this script, so tests never need a network; this script only
documents, and repeats, where each one came from. It uses the Python standard library alone
(plus `pip download`, the ordinary client of PyPI), so it runs on a fresh machine.

    python3 crates/idv-fixtures/photos/fetch.py [--out DIR]

Every file's licence is in SOURCES.md. Nothing is decoded except scipy's raw arrays, which are
not image files: they are written out as PNG here with zlib (the raccoon at half size, to keep
the repository small).
"""

import argparse
import bz2
import glob
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# (wheel requirement, path inside the wheel, committed file name)
SKIMAGE = "scikit-image==0.26.0"
COPIES = [
    (SKIMAGE, "skimage/data/brick.png", "brick.png"),
    (SKIMAGE, "skimage/data/grass.png", "grass.png"),
    (SKIMAGE, "skimage/data/gravel.png", "gravel.png"),
    (SKIMAGE, "skimage/data/coffee.png", "coffee.png"),
    (SKIMAGE, "skimage/data/chelsea.png", "chelsea.png"),
    (SKIMAGE, "skimage/data/camera.png", "camera.png"),
    (SKIMAGE, "skimage/data/astronaut.png", "astronaut.png"),
    (SKIMAGE, "skimage/data/text.png", "text.png"),
    (SKIMAGE, "skimage/data/coins.png", "coins.png"),
]
# scipy 1.9 is the last release that ships these arrays inside the wheel (later ones download).
SCIPY = "scipy==1.9.3"


def download(requirement, into):
    """`pip download --no-deps` of one wheel for this interpreter; returns its path."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", requirement, "-d", into],
        check=True,
    )
    name = requirement.split("==")[0].replace("-", "_")
    wheels = glob.glob(os.path.join(into, name + "-*.whl"))
    if not wheels:
        sys.exit("no wheel for " + requirement)
    return wheels[0]


def png_bytes(width, height, channels, rows):
    """A PNG (8-bit grey or RGB) from a list of byte rows, deflated by zlib."""
    colour = {1: 0, 3: 2}[channels]

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def raccoon(wheel, out):
    """scipy.misc.face(): a bz2-compressed raw 768 x 1024 RGB array; written at 384 x 512."""
    raw = bz2.decompress(zipfile.ZipFile(wheel).read("scipy/misc/face.dat"))
    w, h = 1024, 768
    rows = []
    for y in range(0, h, 2):
        a = raw[y * w * 3 : (y + 1) * w * 3]
        b = raw[(y + 1) * w * 3 : (y + 2) * w * 3]
        row = bytearray(w // 2 * 3)
        for x in range(w // 2):
            for c in range(3):
                i = 6 * x + c
                row[3 * x + c] = (a[i] + a[i + 3] + b[i] + b[i + 3] + 2) // 4
        rows.append(row)
    with open(os.path.join(out, "raccoon.png"), "wb") as f:
        f.write(png_bytes(w // 2, h // 2, 3, rows))


def ascent(wheel, out):
    """scipy.misc.ascent(): a pickled 512 x 512 list of grey levels (plain Python ints)."""
    rows = pickle.loads(zipfile.ZipFile(wheel).read("scipy/misc/ascent.dat"))
    with open(os.path.join(out, "ascent.png"), "wb") as f:
        f.write(png_bytes(len(rows[0]), len(rows), 1, [bytes(r) for r in rows]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE, help="where to write the photos (default: here)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wheels = {}
        for requirement, inner, name in COPIES:
            if requirement not in wheels:
                wheels[requirement] = download(requirement, tmp)
            data = zipfile.ZipFile(wheels[requirement]).read(inner)
            with open(os.path.join(args.out, name), "wb") as f:
                f.write(data)
            print(name, "<-", requirement, inner)
        scipy = download(SCIPY, tmp)
        raccoon(scipy, args.out)
        print("raccoon.png <-", SCIPY, "scipy/misc/face.dat (halved)")
        ascent(scipy, args.out)
        print("ascent.png <-", SCIPY, "scipy/misc/ascent.dat")


if __name__ == "__main__":
    main()
