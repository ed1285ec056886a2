"""utils.data: the bundled digits, the split, and the full-scale fail-fast path."""

import hashlib
import socket
import time

import numpy as np
import pytest

from utils import data


@pytest.fixture(scope="module")
def mnist():
    return data.load_mnist()


def test_bundled_mnist_is_verified_and_complete(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert x_test.shape == (10000, 28, 28) and x_test.dtype == np.uint8
    assert y_train.dtype == np.uint8 and y_test.dtype == np.uint8
    assert np.bincount(y_train).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert data.sha256_of(data.MNIST_FILE) == data.MNIST_SHA256
    # the published pixels, in the published order (MD5 of the idx payload, as the build script checks)
    assert hashlib.md5(x_train.tobytes()).hexdigest() == "6510e85a72c3e9475c492d559d3770d2"
    assert hashlib.md5(x_test.tobytes()).hexdigest() == "240610fa99e73bfa49df8e7fc24d3206"
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]


def test_recorded_hash_matches_data_readme():
    readme = (data.DATA_DIR / "README.md").read_text()
    assert data.MNIST_SHA256 in readme


def test_loading_needs_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the bundled MNIST must load without the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for scale in ("default", "full"):
        split = data.load_dataset("mnist", scale=scale)
        assert split.x_train.shape[1:] == (28, 28)


BUNDLED_FILES = [  # (loader, committed file, the command that rebuilds it)
    (data.load_mnist, data.MNIST_FILE, "python data/build_mnist.py"),
    (data.load_photograph_set, data.PHOTOGRAPHS_FILE, "python data/build_photographs.py"),
]


@pytest.mark.parametrize("load, path, rebuild", BUNDLED_FILES, ids=lambda v: getattr(v, "__name__", None))
def test_corrupted_file_is_refused_with_the_rebuild_command(tmp_path, load, path, rebuild):
    broken = tmp_path / path.name
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    broken.write_bytes(bytes(raw))
    with pytest.raises(ValueError, match=f"SHA-256.*{rebuild}"):
        load(broken)


@pytest.mark.parametrize("load, path, rebuild", BUNDLED_FILES, ids=lambda v: getattr(v, "__name__", None))
def test_missing_file_says_how_to_rebuild(tmp_path, load, path, rebuild):
    with pytest.raises(FileNotFoundError, match=f"absent.npz.*{rebuild}"):
        load(tmp_path / "absent.npz")


def test_pickled_content_is_never_loaded(tmp_path):
    sneaky = tmp_path / "sneaky.npz"
    arrays = {key: np.zeros(shape, np.uint8) for key, shape in data.MNIST_SHAPES.items()}
    arrays["y_test"] = np.array([object()] * 10000, dtype=object)
    np.savez(sneaky, **arrays)
    with pytest.raises(ValueError, match="pickle"):
        data.load_mnist(sneaky, expected_sha256=data.sha256_of(sneaky))


def test_wrong_shapes_and_missing_arrays_are_refused(tmp_path):
    small = tmp_path / "small.npz"
    arrays = {key: np.zeros(shape, np.uint8) for key, shape in data.MNIST_SHAPES.items()}
    arrays["x_train"] = np.zeros((10, 28, 28), np.uint8)
    np.savez(small, **arrays)
    with pytest.raises(ValueError, match=r"x_train should be uint8 \(60000, 28, 28\)"):
        data.load_mnist(small, expected_sha256=data.sha256_of(small))
    del arrays["y_test"]
    np.savez(small, **arrays)
    with pytest.raises(ValueError, match=r"lacks the arrays \['y_test'\]"):
        data.load_mnist(small, expected_sha256=data.sha256_of(small))


def test_default_scale_subsets_are_stratified_seeded_and_from_both_sides(mnist):
    (_, y_train_all), (x_test_all, _) = mnist
    split = data.load_dataset("mnist", scale="default")
    assert split.x_train.shape == (4000, 28, 28) and split.x_test.shape == (1000, 28, 28)
    assert split.x_train.dtype == np.float32 and 0.0 == split.x_train.min() and split.x_train.max() == 1.0
    # every class keeps its share of the published training set, within one image
    expected = 4000 * np.bincount(y_train_all) / len(y_train_all)
    assert np.all(np.abs(np.bincount(split.y_train) - expected) <= 1)
    # test digits come from the published test set, training digits do not
    test_rows = {row.tobytes() for row in x_test_all.reshape(10000, -1)}
    as_uint8 = lambda x: np.round(x * 255).astype(np.uint8).reshape(len(x), -1)  # noqa: E731
    assert all(row.tobytes() in test_rows for row in as_uint8(split.x_test))
    assert split.y_train[:50].tolist() != sorted(split.y_train[:50].tolist())  # shuffled, not class-sorted
    again = data.load_dataset("mnist", scale="default")
    np.testing.assert_array_equal(split.x_test, again.x_test)
    other = data.load_dataset("mnist", scale="default", seed=1)
    assert not np.array_equal(split.y_test, other.y_test)


def test_default_scale_sizes_up_to_everything(mnist):
    (x_train_all, y_train_all), _ = mnist
    split = data.load_dataset("mnist", scale="default", n_train=60000, n_test=500)
    assert len(split.x_test) == 500
    np.testing.assert_array_equal(split.y_train, y_train_all)  # all of them, in the published order
    assert split.x_train[7].max() == x_train_all[7].max() / 255


def test_full_scale_is_the_published_split():
    split = data.load_dataset("mnist", scale="full", n_train=10)  # sizes apply at the default scale only
    assert split.x_train.shape == (60000, 28, 28) and split.x_test.shape == (10000, 28, 28)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"name": "cifar10", "scale": "default"}, data.DataUnavailableError, "only available at full scale"),
        ({"name": "imagenet", "scale": "default"}, ValueError, "dataset must be one of"),
        ({"name": "mnist", "scale": "tiny"}, ValueError, "SCALE must be one of"),
        ({"name": "mnist", "scale": "default", "n_train": 60001}, ValueError, "more than the 60000 rows"),
        ({"name": "mnist", "scale": "default", "n_test": 0}, ValueError, "n_test must be >= 1"),
        ({"name": "mnist", "scale": "default", "n_train": 100.0}, TypeError, "n_train must be an integer"),
        ({"name": "mnist", "scale": "default", "seed": -3}, ValueError, "seed must be >= 0"),
    ],
)
def test_bad_requests(kwargs, error, message):
    with pytest.raises(error, match=message):
        data.load_dataset(**kwargs)


def test_stratified_split_checks_lengths():
    with pytest.raises(ValueError, match="same number of rows"):
        data.stratified_split(np.zeros((10, 2)), np.zeros(9))
    with pytest.raises(ValueError, match="same number of rows"):
        data.stratified_subset(np.zeros((10, 2)), np.zeros(9), 5)


def test_to_unit_float_wants_uint8():
    with pytest.raises(TypeError, match="uint8"):
        data.to_unit_float(np.zeros(3, dtype=np.float32))


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_full_scale_fails_fast_when_not_cached_and_offline(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    source = data.FULL_SOURCES["fashion_mnist"]._replace(host="127.0.0.1", port=_closed_port())
    monkeypatch.setitem(data.FULL_SOURCES, "fashion_mnist", source)
    start = time.perf_counter()
    with pytest.raises(data.DataUnavailableError, match="default scale") as info:
        data.load_dataset("fashion_mnist", scale="full")
    assert time.perf_counter() - start < data.PROBE_TIMEOUT_S + 1
    assert "not in the Keras cache" in str(info.value)


def test_full_scale_uses_the_cache_without_the_network(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    source = data.FULL_SOURCES["fashion_mnist"]
    for part in source.cached:
        (tmp_path / "datasets" / part).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "datasets" / part).write_bytes(b"cached")
    images = np.full((4, 28, 28), 255, np.uint8)
    fake = source._replace(
        host="127.0.0.1", port=_closed_port(), load=lambda: ((images, np.arange(4)), (images[:2], np.arange(2)))
    )
    monkeypatch.setitem(data.FULL_SOURCES, "fashion_mnist", fake)
    split = data.load_dataset("fashion_mnist", scale="full")
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


def test_course_offline_stops_before_any_connection(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv(data.OFFLINE_ENV_VAR, "1")

    def no_probe(*args, **kwargs):
        raise AssertionError("$COURSE_OFFLINE must not even probe the network")

    monkeypatch.setattr(data, "_probe", no_probe)
    for name in ("fashion_mnist", "cifar10"):
        with pytest.raises(data.DataUnavailableError, match=r"\$COURSE_OFFLINE is set.*default scale"):
            data.load_dataset(name, scale="full")
