"""utils.data: the bundled digits, the split, and the full-scale fail-fast path."""

import socket
import time

import numpy as np
import pytest

from utils import data


@pytest.fixture(scope="module")
def subset():
    return data.load_mnist_subset()


def test_bundled_subset_is_verified_and_complete(subset):
    images, labels = subset
    assert images.shape == (5000, 28, 28) and images.dtype == np.uint8
    assert np.bincount(labels).tolist() == [500] * 10
    assert data.sha256_of(data.MNIST_SUBSET) == data.MNIST_SUBSET_SHA256
    # real digits, not noise: dark background, ink in the centre
    assert images[:, :3, :].mean() < 1 and images[:, 10:18, 10:18].mean() > 60


def test_recorded_hash_matches_data_readme():
    readme = (data.DATA_DIR / "README.md").read_text()
    assert data.MNIST_SUBSET_SHA256 in readme


def test_corrupted_file_is_refused(tmp_path):
    broken = tmp_path / "mnist_5k.npz"
    raw = bytearray(data.MNIST_SUBSET.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    broken.write_bytes(bytes(raw))
    with pytest.raises(ValueError, match="SHA-256"):
        data.load_mnist_subset(broken)


def test_missing_file_says_how_to_rebuild(tmp_path):
    with pytest.raises(FileNotFoundError, match="build_mnist_subset.py"):
        data.load_mnist_subset(tmp_path / "absent.npz")


def test_pickled_content_is_never_loaded(tmp_path):
    sneaky = tmp_path / "sneaky.npz"
    np.savez(sneaky, images=np.array([object()], dtype=object), labels=np.zeros(1, np.uint8))
    with pytest.raises(ValueError, match="pickle"):
        data.load_mnist_subset(sneaky, expected_sha256=data.sha256_of(sneaky))


def test_wrong_shapes_are_refused(tmp_path):
    small = tmp_path / "small.npz"
    np.savez(small, images=np.zeros((10, 28, 28), np.uint8), labels=np.zeros(10, np.uint8))
    with pytest.raises(ValueError, match=r"uint8 \(5000, 28, 28\)"):
        data.load_mnist_subset(small, expected_sha256=data.sha256_of(small))


def test_default_scale_split_is_stratified_seeded_and_disjoint():
    split = data.load_dataset("mnist", scale="default")
    assert split.x_train.shape == (4000, 28, 28) and split.x_test.shape == (1000, 28, 28)
    assert split.x_train.dtype == np.float32 and 0.0 == split.x_train.min() and split.x_train.max() == 1.0
    assert np.bincount(split.y_test).tolist() == [100] * 10
    assert np.bincount(split.y_train).tolist() == [400] * 10
    train_rows = {row.tobytes() for row in split.x_train.reshape(4000, -1)}
    assert not any(row.tobytes() in train_rows for row in split.x_test.reshape(1000, -1))
    assert split.y_train[:50].tolist() != sorted(split.y_train[:50].tolist())  # shuffled, not class-sorted
    again = data.load_dataset("mnist", scale="default")
    np.testing.assert_array_equal(split.x_test, again.x_test)
    other = data.load_dataset("mnist", scale="default", seed=1)
    assert not np.array_equal(split.y_test, other.y_test)


def test_test_fraction():
    split = data.load_dataset("mnist", scale="default", test_fraction=0.1)
    assert len(split.x_test) == 500 and np.bincount(split.y_test).tolist() == [50] * 10


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"name": "cifar10", "scale": "default"}, data.DataUnavailableError, "only available at full scale"),
        ({"name": "imagenet", "scale": "default"}, ValueError, "dataset must be one of"),
        ({"name": "mnist", "scale": "tiny"}, ValueError, "SCALE must be one of"),
        ({"name": "mnist", "scale": "default", "test_fraction": 1.5}, ValueError, "test_fraction"),
        ({"name": "mnist", "scale": "default", "test_fraction": 0}, ValueError, "test_fraction"),
        ({"name": "mnist", "scale": "default", "seed": -3}, ValueError, "seed must be >= 0"),
    ],
)
def test_bad_requests(kwargs, error, message):
    with pytest.raises(error, match=message):
        data.load_dataset(**kwargs)


def test_stratified_split_checks_lengths():
    with pytest.raises(ValueError, match="same number of rows"):
        data.stratified_split(np.zeros((10, 2)), np.zeros(9))


def test_to_unit_float_wants_uint8():
    with pytest.raises(TypeError, match="uint8"):
        data.to_unit_float(np.zeros(3, dtype=np.float32))


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_full_scale_fails_fast_when_not_cached_and_offline(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    source = data.FULL_SOURCES["mnist"]._replace(host="127.0.0.1", port=_closed_port())
    monkeypatch.setitem(data.FULL_SOURCES, "mnist", source)
    start = time.perf_counter()
    with pytest.raises(data.DataUnavailableError, match="default scale") as info:
        data.load_dataset("mnist", scale="full")
    assert time.perf_counter() - start < data.PROBE_TIMEOUT_S + 1
    assert "not in the Keras cache" in str(info.value)


def test_full_scale_uses_the_cache_without_the_network(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "mnist.npz").write_bytes(b"cached")
    images = np.full((4, 28, 28), 255, np.uint8)
    fake = data.FULL_SOURCES["mnist"]._replace(
        host="127.0.0.1", port=_closed_port(), load=lambda: ((images, np.arange(4)), (images[:2], np.arange(2)))
    )
    monkeypatch.setitem(data.FULL_SOURCES, "mnist", fake)
    split = data.load_dataset("mnist", scale="full")
    assert split.x_train.shape == (4, 28, 28) and split.x_train.max() == 1.0
    assert split.y_test.tolist() == [0, 1]


def test_cifar10_binary_reader(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(3, 32, 32, 3), dtype=np.uint8)
    labels = np.array([3, 0, 9], np.uint8)
    records = np.concatenate([labels[:, None], images.transpose(0, 3, 1, 2).reshape(3, -1)], axis=1)
    batch = tmp_path / "data_batch_1.bin"
    records.astype(np.uint8).tofile(batch)
    got_images, got_labels = data.read_cifar10_binary_batch(batch)
    np.testing.assert_array_equal(got_images, images)
    np.testing.assert_array_equal(got_labels, labels)
    (tmp_path / "short.bin").write_bytes(b"\x00" * 100)
    with pytest.raises(ValueError, match="multiple of 3073"):
        data.read_cifar10_binary_batch(tmp_path / "short.bin")


def test_downsample_averages_blocks():
    images = np.arange(2 * 4 * 6, dtype=float).reshape(2, 4, 6)
    small = data.downsample(images, 2)
    assert small.shape == (2, 2, 3)
    assert small[0, 0, 0] == np.mean([0, 1, 6, 7])
    with pytest.raises(ValueError, match="not a multiple of factor 4"):
        data.downsample(images, 4)
    with pytest.raises(ValueError, match="3-dimensional"):
        data.downsample(images[0], 2)


def test_sample_per_class():
    labels = np.repeat(np.arange(3), [5, 7, 9])
    idx = data.sample_per_class(labels, 4, seed=0)
    assert np.bincount(labels[idx]).tolist() == [4, 4, 4] and len(set(idx)) == 12
    np.testing.assert_array_equal(idx, data.sample_per_class(labels, 4, seed=0))
    assert not np.array_equal(idx, data.sample_per_class(labels, 4, seed=1))
    with pytest.raises(ValueError, match="class 0 has only 5"):
        data.sample_per_class(labels, 6)
    with pytest.raises(ValueError, match="integer class labels"):
        data.sample_per_class(labels.astype(float), 2)
    with pytest.raises(ValueError, match="n_per_class must be >= 1"):
        data.sample_per_class(labels, 0)
