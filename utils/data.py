"""Offline-first data loaders for the course notebooks.

Introduced in notebook 01 (setup) and used for digits from notebook 02 on.

- MNIST ships with the course, complete: the 60,000 training and 10,000 test
  digits in ``data/mnist.npz`` (provenance in ``data/README.md``), checked
  against a recorded SHA-256 at every load. The full scale uses the published
  split as it is; the default scale takes a stratified, seeded subset of each
  side, as large as the notebook asks for (4,000 and 1,000 by default), so
  a notebook that needs only a few thousand digits stays fast. No network, at
  any scale.
- Fashion-MNIST and CIFAR-10 (its binary release, read without pickle) do not
  ship: at full scale they come through Keras' own download and cache
  (``~/.keras/datasets``). When one is neither cached nor reachable,
  :class:`DataUnavailableError` says what to do within seconds; nothing waits
  on a network that is not there.

Nothing here uses pickle: ``.npz`` files are opened with ``allow_pickle=False``.
"""

import contextlib
import hashlib
import os
import pathlib
import socket
from typing import NamedTuple

import numpy as np

from . import config
from ._validate import as_int, as_numeric_array, one_of

DATA_DIR = pathlib.Path(__file__).resolve().parent.parent / "data"
MNIST_FILE = DATA_DIR / "mnist.npz"
MNIST_SHA256 = "ee068f36682cba7f38bafdedc77b0f873ebbcf877036f7ebde566966146ac146"
MNIST_REBUILD = "python data/build_mnist.py"
MNIST_SHAPES = {"x_train": (60000, 28, 28), "y_train": (60000,), "x_test": (10000, 28, 28), "y_test": (10000,)}
PHOTOGRAPHS_FILE = DATA_DIR / "photographs.npz"
PHOTOGRAPHS_SHA256 = "31b370f1535926d06ccd4578ce721c5c8a6198a07be0ad7da8bba67ac5d39c48"
PHOTOGRAPHS_REBUILD = "python data/build_photographs.py"
PHOTOGRAPHS_TEXT_KEYS = ("names", "sources", "files", "licences", "authors")

PROBE_TIMEOUT_S = 5
OFFLINE_ENV_VAR = "COURSE_OFFLINE"  # set to 1 to never reach for the network (metered links, tests)
DOWNLOAD_TIMEOUT_S = 60

CIFAR10_BINARY_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
CIFAR10_BINARY_MD5 = "c32a1d4ab5d03f1284b67883e8d87530"  # as published on the CIFAR page


class DataUnavailableError(RuntimeError):
    """A full-scale dataset is neither in the Keras cache nor downloadable right now."""


class PhotographSet(NamedTuple):
    """The bundled colour photographs (:func:`load_photograph_set`), one row per photograph."""

    images: np.ndarray  # float32 (n, 96, 96, 3) RGB in [0, 1]; cut-out objects on white
    masks: np.ndarray  # bool (n, 96, 96): the pixels that belong to the photograph (scored)
    held_out: np.ndarray  # bool (n,): drawn once by the build script, never trained or tuned on
    names: np.ndarray  # str (n,), e.g. "animals/birds/crow", "mate/Garden", "coffee"
    sources: np.ndarray  # str (n,): package and version
    licences: np.ndarray  # str (n,)


class DataSplit(NamedTuple):
    """Images as float32 in [0, 1] and integer labels, split into train and test."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


# --- the bundled MNIST ----------------------------------------------------


def sha256_of(path):
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_verified_npz(path, expected_sha256, keys, what, rebuild):
    """The arrays ``keys`` of a bundled ``.npz``, after checking that it exists and has the recorded SHA-256.

    Loaded without pickle. A missing file, a changed file or a missing array
    raises an error that names the file and the command that rebuilds it.
    """
    path = pathlib.Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"{what} {path.name} are missing from {path.parent.name}/; restore them "
            f"from the course repository or rebuild them from the course root with `{rebuild}`"
        )
    actual = sha256_of(path)
    if actual != expected_sha256:
        raise ValueError(
            f"{path.name} is corrupt or was changed: its SHA-256 is {actual}, expected "
            f"{expected_sha256}; restore it from the course repository or run `{rebuild}`"
        )
    with np.load(path, allow_pickle=False) as archive:
        missing = sorted(set(keys) - set(archive.files))
        if missing:
            raise ValueError(f"{path.name} lacks the arrays {missing}; run `{rebuild}`")
        return {key: archive[key] for key in keys}


def load_mnist(path=MNIST_FILE, expected_sha256=MNIST_SHA256):
    """The complete bundled MNIST, uint8, in the published order: ``(x_train, y_train), (x_test, y_test)``.

    The file's SHA-256 must match the recorded one and the four arrays must
    have the published shapes (60,000 and 10,000 digits of 28x28) and labels
    0-9; anything else raises ``ValueError`` naming the file and the command
    that rebuilds it. Loaded without pickle. Used by :func:`load_dataset`.
    """
    arrays = _read_verified_npz(path, expected_sha256, MNIST_SHAPES, "the bundled digits", MNIST_REBUILD)
    for key, shape in MNIST_SHAPES.items():
        if arrays[key].shape != shape or arrays[key].dtype != np.uint8:
            raise ValueError(
                f"{path.name}: {key} should be uint8 {shape}, got {arrays[key].dtype} {arrays[key].shape}"
            )
    if max(arrays["y_train"].max(), arrays["y_test"].max()) > 9:
        raise ValueError(f"{path.name}: labels must be digits 0-9")
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def stratified_subset(x, y, n, seed=config.DEFAULT_SEED):
    """``n`` rows of ``x, y`` drawn with ``seed`` so that every class keeps its share.

    All rows, in their original order, when ``n`` equals their number. The
    same seed always gives the same rows. The default scale's digits come
    from here (:func:`load_dataset`).
    """
    x, y = np.asarray(x), np.asarray(y)
    if x.shape[0] != y.shape[0] or y.ndim != 1:
        raise ValueError(
            f"x and y must have the same number of rows and y must be 1-D, got {x.shape} and {y.shape}"
        )
    n = as_int(n, "n", minimum=1)
    if n > len(y):
        raise ValueError(f"n={n} is more than the {len(y)} rows there are")
    if n == len(y):
        return x, y
    from sklearn.model_selection import train_test_split

    x_kept, _, y_kept, _ = train_test_split(
        x, y, train_size=n, stratify=y, shuffle=True, random_state=as_int(seed, "seed", minimum=0)
    )
    return x_kept, y_kept


def stratified_split(x, y, test_fraction=0.2, seed=config.DEFAULT_SEED):
    """Shuffle with ``seed`` and split so that every class keeps its share in train and test.

    Returns ``x_train, y_train, x_test, y_test``. The same seed always gives
    the same split.
    """
    from sklearn.model_selection import train_test_split

    x, y = np.asarray(x), np.asarray(y)
    if x.shape[0] != y.shape[0] or y.ndim != 1:
        raise ValueError(
            f"x and y must have the same number of rows and y must be 1-D, got {x.shape} and {y.shape}"
        )
    if not isinstance(test_fraction, float) or not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be a float strictly between 0 and 1, got {test_fraction!r}")
    seed = as_int(seed, "seed", minimum=0)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=test_fraction, stratify=y, shuffle=True, random_state=seed
    )
    return x_train, y_train, x_test, y_test


def sample_per_class(labels, n_per_class, seed=config.DEFAULT_SEED):
    """Indices of ``n_per_class`` examples of every class, drawn without replacement with ``seed``.

    The few labelled examples of a semi-supervised experiment: notebook 05
    draws 1, 10 and 100 labelled digits per class from its unlabelled pool
    this way.
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.size == 0 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a non-empty 1-D array of integer class labels, got {labels.dtype} {labels.shape}")
    n_per_class = as_int(n_per_class, "n_per_class", minimum=1)
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    chosen = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        if len(members) < n_per_class:
            raise ValueError(f"class {label} has only {len(members)} examples, fewer than n_per_class={n_per_class}")
        chosen.append(rng.choice(members, n_per_class, replace=False))
    return np.sort(np.concatenate(chosen))


# --- full-scale datasets ---------------------------------------------------


def _keras_cache():
    return pathlib.Path(os.environ.get("KERAS_HOME", pathlib.Path.home() / ".keras")) / "datasets"


def _probe(host, port=443, timeout=PROBE_TIMEOUT_S):
    """Return None if ``host:port`` accepts a connection within ``timeout`` s, else the error text."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as err:
        return f"{type(err).__name__}: {err}"


@contextlib.contextmanager
def _socket_timeout(seconds):
    """Make a stalled download raise instead of hanging forever."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


def _load_fashion_mnist():
    import keras

    return keras.datasets.fashion_mnist.load_data()


def read_cifar10_binary_batch(path):
    """Read one batch file of CIFAR-10's binary release: ``(images (n, 32, 32, 3) uint8, labels (n,) uint8)``.

    Each record is one label byte then 3,072 pixel bytes (the red, green and
    blue 32x32 planes, row-major).
    """
    raw = np.fromfile(path, dtype=np.uint8)
    if raw.size == 0 or raw.size % 3073:
        raise ValueError(f"{path} is not a CIFAR-10 binary batch ({raw.size} bytes is not a multiple of 3073)")
    records = raw.reshape(-1, 3073)
    labels = records[:, 0].copy()
    if labels.max() > 9:
        raise ValueError(f"{path}: labels must be 0-9, found {labels.max()}")
    images = records[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy()
    return images, labels


def _load_cifar10():
    import keras

    root = keras.utils.get_file(
        fname="cifar-10-binary",
        origin=CIFAR10_BINARY_URL,
        file_hash=CIFAR10_BINARY_MD5,
        extract=True,
    )
    folder = pathlib.Path(root) / "cifar-10-batches-bin"
    train = [read_cifar10_binary_batch(folder / f"data_batch_{i}.bin") for i in range(1, 6)]
    x_test, y_test = read_cifar10_binary_batch(folder / "test_batch.bin")
    x_train = np.concatenate([images for images, _ in train])
    y_train = np.concatenate([labels for _, labels in train])
    return (x_train, y_train), (x_test, y_test)


class _Source(NamedTuple):
    host: str
    cached: tuple  # paths under the Keras cache that mean "already downloaded"
    load: object  # () -> ((x_train, y_train), (x_test, y_test)) as uint8
    port: int = 443


FULL_SOURCES = {
    "fashion_mnist": _Source(
        "storage.googleapis.com",
        tuple(
            f"fashion-mnist/{name}"
            for name in (
                "train-labels-idx1-ubyte.gz",
                "train-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz",
            )
        ),
        _load_fashion_mnist,
    ),
    "cifar10": _Source("www.cs.toronto.edu", ("cifar-10-binary_archive",), _load_cifar10),
}


def load_full(name):
    """Load a complete dataset through the Keras cache, as uint8 ``((x_train, y_train), (x_test, y_test))``.

    Fails within seconds with :class:`DataUnavailableError` when the dataset
    is not cached and its server cannot be reached, or at once when
    ``$COURSE_OFFLINE`` is ``1``. Used at full scale.
    """
    source = FULL_SOURCES[one_of(name, "dataset", set(FULL_SOURCES))]
    cache = _keras_cache()
    if not all((cache / part).exists() for part in source.cached):
        offline = os.environ.get(OFFLINE_ENV_VAR, "").strip().lower() in ("1", "true", "yes")
        problem = f"${OFFLINE_ENV_VAR} is set" if offline else _probe(source.host, source.port)
        if problem is not None:
            raise DataUnavailableError(
                f"The full {name} dataset is not in the Keras cache ({cache}) and "
                f"{source.host} cannot be reached ({problem}). Run at the default scale "
                f"(unset ${config.ENV_VAR}, or SCALE = 'default' in the parameters cell), which "
                "uses the digits bundled with the course, or connect to the internet once "
                "so that Keras can download and cache the data."
            )
    with _socket_timeout(DOWNLOAD_TIMEOUT_S):
        (x_train, y_train), (x_test, y_test) = source.load()
    return (x_train, np.ravel(y_train)), (x_test, np.ravel(y_test))


# --- what notebooks call ---------------------------------------------------

BUNDLED = ("mnist",)


def load_dataset(name="mnist", scale=None, n_train=4000, n_test=1000, seed=config.DEFAULT_SEED):
    """Images as float32 in [0, 1] with integer labels, as a :class:`DataSplit`.

    ``"mnist"`` is bundled and served offline at every scale. At the default
    scale a notebook takes the digits it needs: ``n_train`` of the 60,000
    training digits and ``n_test`` of the 10,000 test digits, each a
    stratified subset drawn with ``seed`` (all of them, in the published
    order, when ``n_train=60000`` or ``n_test=10000``). At full scale the
    published split is used whole, and ``n_train``, ``n_test`` and ``seed``
    do not apply. ``"fashion_mnist"`` (``(n, 28, 28)``) and ``"cifar10"``
    (``(n, 32, 32, 3)``) do not ship: they are full scale only, through the
    Keras cache. ``scale`` defaults to :func:`utils.config.run_scale`.
    Introduced in notebook 01.
    """
    scale = config.run_scale(scale)
    one_of(name, "dataset", set(BUNDLED) | set(FULL_SOURCES))
    n_train = as_int(n_train, "n_train", minimum=1)
    n_test = as_int(n_test, "n_test", minimum=1)
    seed = as_int(seed, "seed", minimum=0)
    if name == "mnist":
        (x_train, y_train), (x_test, y_test) = load_mnist()
        if scale == "default":
            x_train, y_train = stratified_subset(x_train, y_train, n_train, seed)
            x_test, y_test = stratified_subset(x_test, y_test, n_test, seed)
    elif scale == "default":
        raise DataUnavailableError(
            f"{name} is only available at full scale (it is too large to ship with the "
            f"course); set ${config.ENV_VAR}=full on a machine with internet access, or "
            f"use one of the bundled datasets: {', '.join(BUNDLED)}"
        )
    else:
        (x_train, y_train), (x_test, y_test) = load_full(name)
    return DataSplit(
        to_unit_float(x_train), y_train.astype(np.int64), to_unit_float(x_test), y_test.astype(np.int64)
    )


# --- colour photographs shipped inside scikit-image, scikit-learn and Matplotlib

PHOTOGRAPHS = {
    "astronaut": "scikit-image",
    "chelsea": "scikit-image",
    "coffee": "scikit-image",
    "rocket": "scikit-image",
    "china": "scikit-learn",
    "flower": "scikit-learn",
    "grace_hopper": "matplotlib",
}


def read_package_photograph(name):
    """One of :data:`PHOTOGRAPHS` as its package installs it: uint8 RGB at full size, nothing downloaded.

    Used by ``data/build_photographs.py``, which bundles them with the other photographs.
    """
    if PHOTOGRAPHS[name] == "scikit-image":
        import skimage.data

        return getattr(skimage.data, name)()
    if PHOTOGRAPHS[name] == "matplotlib":
        import matplotlib.cbook
        import matplotlib.image

        with matplotlib.cbook.get_sample_data(f"{name}.jpg") as handle:
            return matplotlib.image.imread(handle, format="jpg")
    from sklearn.datasets import load_sample_image

    return load_sample_image(f"{name}.jpg")


def load_photograph_set(path=PHOTOGRAPHS_FILE, expected_sha256=PHOTOGRAPHS_SHA256):
    """The 312 bundled colour photographs of ``data/photographs.npz``, as a :class:`PhotographSet`.

    Each is 96x96 RGB: a photographed object cut out on white (from Tux
    Paint's stamps) or the central square of a full photograph, with a mask
    of the pixels that belong to it. ``held_out`` marks the photographs drawn
    once by ``data/build_photographs.py`` (12% of each source) for testing.
    The file's SHA-256, the shapes and the dtypes are checked; provenance and
    licence of every photograph are in ``data/README.md``. No network.
    Introduced in notebook 10.
    """
    keys = ("images", "masks", "split") + PHOTOGRAPHS_TEXT_KEYS
    arrays = _read_verified_npz(path, expected_sha256, keys, "the bundled photographs", PHOTOGRAPHS_REBUILD)
    images, masks, split = arrays["images"], arrays["masks"], arrays["split"]
    n = len(images)
    if images.dtype != np.uint8 or images.ndim != 4 or images.shape[1:] != (96, 96, 3):
        raise ValueError(f"{pathlib.Path(path).name}: images should be uint8 (n, 96, 96, 3), got {images.dtype} {images.shape}")
    if masks.dtype != np.uint8 or masks.shape != images.shape[:3] or masks.max() > 1:
        raise ValueError(f"{pathlib.Path(path).name}: masks should be 0/1 uint8 {images.shape[:3]}, got {masks.dtype} {masks.shape}")
    for key in ("split",) + PHOTOGRAPHS_TEXT_KEYS:
        if arrays[key].dtype.kind != "U" or arrays[key].shape != (n,):
            raise ValueError(f"{pathlib.Path(path).name}: {key} should be {n} strings, got {arrays[key].dtype} {arrays[key].shape}")
    if not set(split) <= {"train", "test"}:
        raise ValueError(f"{pathlib.Path(path).name}: split must hold only 'train' and 'test'")
    return PhotographSet(to_unit_float(images), masks.astype(bool), split == "test",
                         arrays["names"], arrays["sources"], arrays["licences"])


def downsample(images, factor):
    """Shrink ``(n, H, W)`` images by averaging ``factor x factor`` blocks (28x28 -> 7x7 with 4).

    ``H`` and ``W`` must be multiples of ``factor``. Introduced in notebook 03
    (7x7 digits, 49 inputs, as in the lecture's ``Dense(49)`` decoder).
    """
    images = as_numeric_array(images, "images", ndim=3)
    factor = as_int(factor, "factor", minimum=1)
    n, height, width = images.shape
    if height % factor or width % factor:
        raise ValueError(f"image size {height}x{width} is not a multiple of factor {factor}")
    return images.reshape(n, height // factor, factor, width // factor, factor).mean(axis=(2, 4))


def to_unit_float(images):
    """uint8 grey levels 0..255 to float32 in [0, 1]."""
    images = np.asarray(images)
    if images.dtype != np.uint8:
        raise TypeError(f"images must be uint8 (0..255), got {images.dtype}")
    return images.astype(np.float32) / np.float32(255.0)
