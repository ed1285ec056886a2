"""utils.conv against scipy.signal, numpy.convolve and Keras layers, plus bad input."""

import itertools

import numpy as np
import pytest
import scipy.signal

from utils import conv

RNG = np.random.default_rng(0)

SLIDES_X = np.array(
    [[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]]
)
SLIDES_W = np.array([[0, 1, 2], [2, 2, 0], [0, 1, 2]])


def _random_cases():
    """(x, w, stride, padding) across ranks 1-3 and many shapes, strides and paddings."""
    cases = []
    for ndim in (1, 2, 3):
        for _ in range(25):
            x_shape = tuple(RNG.integers(3, 12, size=ndim))
            w_shape = tuple(int(RNG.integers(1, d + 1)) for d in x_shape)
            stride = tuple(int(s) for s in RNG.integers(1, 4, size=ndim))
            padding = tuple(int(p) for p in RNG.integers(0, 3, size=ndim))
            cases.append((RNG.normal(size=x_shape), RNG.normal(size=w_shape), stride, padding))
    return cases


@pytest.mark.parametrize("x, w, stride, padding", _random_cases())
def test_correlate_matches_scipy(x, w, stride, padding):
    padded = np.pad(x, [(p, p) for p in padding])
    expected = scipy.signal.correlate(padded, w, mode="valid")[tuple(slice(None, None, s) for s in stride)]
    got = conv.correlate(x, w, stride=stride, padding=padding)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=1e-10)
    for axis, (n, f, p, s) in enumerate(zip(x.shape, w.shape, padding, stride)):
        assert got.shape[axis] == conv.output_size(n, f, p, s)


@pytest.mark.parametrize("x, w, stride, padding", _random_cases()[::5])
def test_convolve_matches_scipy_and_flips(x, w, stride, padding):
    padded = np.pad(x, [(p, p) for p in padding])
    expected = scipy.signal.convolve(padded, w, mode="valid")[tuple(slice(None, None, s) for s in stride)]
    np.testing.assert_allclose(conv.convolve(x, w, stride, padding), expected, atol=1e-10)


def test_convolve_1d_matches_numpy():
    for n, k in itertools.product((5, 9, 16), (1, 2, 3, 5)):
        x, w = RNG.normal(size=n), RNG.normal(size=k)
        np.testing.assert_allclose(conv.convolve(x, w), np.convolve(x, w, mode="valid"), atol=1e-12)
        np.testing.assert_allclose(conv.correlate(x, w), np.correlate(x, w, mode="valid"), atol=1e-12)


def test_slides_examples():
    x1 = np.array([1, 4, 3, -1, 2, -4, 1, 0, 2, -1])
    np.testing.assert_array_equal(conv.correlate(x1, [1, 2, 1]), [12, 9, 3, -1, -5, -2, 3, 3])
    np.testing.assert_array_equal(
        conv.correlate(SLIDES_X, SLIDES_W), [[12, 12, 17], [10, 17, 19], [9, 6, 14]]
    )
    # the kernel is not symmetric, so the true convolution differs
    assert not np.array_equal(conv.convolve(SLIDES_X, SLIDES_W), conv.correlate(SLIDES_X, SLIDES_W))


def test_3d_definition_is_sum_of_channel_correlations():
    x, w = RNG.normal(size=(7, 6, 3)), RNG.normal(size=(3, 2, 3))
    out = conv.correlate(x, w)
    assert out.shape == (5, 5, 1)
    per_channel = sum(conv.correlate(x[..., c], w[..., c]) for c in range(3))
    np.testing.assert_allclose(out[..., 0], per_channel, atol=1e-12)


def test_pooling_slides_example():
    x_max = np.array([[29, 15, 28, 184], [0, 100, 70, 38], [12, 12, 7, 2], [12, 12, 45, 6]])
    np.testing.assert_array_equal(conv.pool2d(x_max, 2, mode="max"), [[100, 184], [12, 45]])
    x_avg = x_max.copy()
    x_avg[0, 0] = 31
    np.testing.assert_array_equal(conv.pool2d(x_avg, 2, mode="average"), [[36.5, 80], [12, 15]])


def test_output_size_formula():
    assert conv.output_size(28, 5) == 24
    assert conv.output_size(5, 3, padding=1, stride=2) == 3
    assert conv.output_size(7, 3, padding=0, stride=2) == 3
    assert conv.output_size(8, 3, padding=0, stride=2) == 3  # floor, as Keras "valid"


def test_upsample_nearest():
    x = np.arange(6).reshape(2, 3)
    up = conv.upsample_nearest(x, 2)
    assert up.shape == (4, 6)
    np.testing.assert_array_equal(up[::2, ::2], x)
    np.testing.assert_array_equal(up[1::2, 1::2], x)


def test_transposed_conv_kernel2_stride2_tiles_without_overlap():
    x, w = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, -1.0], [0.5, 2.0]])
    out = conv.transposed_conv2d(x, w, stride=2)
    assert out.shape == (4, 4)
    for i, j in itertools.product(range(2), range(2)):
        np.testing.assert_array_equal(out[2 * i : 2 * i + 2, 2 * j : 2 * j + 2], x[i, j] * w)


def test_gaussian_kernel():
    g = conv.gaussian_kernel(7, 1.5)
    assert g.shape == (7, 7)
    assert np.isclose(g.sum(), 1.0)
    np.testing.assert_allclose(g, g.T)
    np.testing.assert_allclose(g, np.flip(g))
    assert g[3, 3] == g.max()
    profile = scipy.signal.windows.gaussian(7, 1.5)
    np.testing.assert_allclose(g, np.outer(profile, profile) / np.outer(profile, profile).sum())


# --- against Keras ---------------------------------------------------------

keras = pytest.importorskip("keras")
layers = keras.layers


def _run_layer(layer, x, weights=None):
    model = keras.Sequential([keras.Input(shape=x.shape[1:]), layer])
    if weights is not None:
        layer.set_weights(weights)
    return np.asarray(model.predict(x, verbose=0))


@pytest.mark.parametrize("stride, padding", [(1, 0), (2, 0), (1, 2), (3, 1)])
def test_conv2d_layer_matches_keras(stride, padding):
    x = RNG.normal(size=(1, 11, 9, 3)).astype("float32")
    kernels = RNG.normal(size=(3, 4, 3, 5)).astype("float32")
    bias = RNG.normal(size=5).astype("float32")
    model = keras.Sequential(
        [
            keras.Input(shape=x.shape[1:]),
            layers.ZeroPadding2D(padding),
            layers.Conv2D(5, (3, 4), strides=stride, name="conv"),
        ]
    )
    model.get_layer("conv").set_weights([kernels, bias])
    expected = np.asarray(model.predict(x, verbose=0))[0]
    got = conv.conv2d_layer(x[0], kernels, bias, stride=stride, padding=padding)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


def test_conv1d_matches_keras():
    x = RNG.normal(size=(1, 20, 1)).astype("float32")
    w = RNG.normal(size=(4,)).astype("float32")
    out = _run_layer(layers.Conv1D(1, 4, use_bias=False), x, [w.reshape(4, 1, 1)])
    np.testing.assert_allclose(out[0, :, 0], conv.correlate(x[0, :, 0], w), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("mode, layer_class", [("max", layers.MaxPooling2D), ("average", layers.AveragePooling2D)])
@pytest.mark.parametrize("size, stride", [(2, None), (3, None), (3, 2), (3, 1)])  # (3, 1): notebook 01's overlapping pooling
def test_pool2d_matches_keras(mode, layer_class, size, stride):
    x = RNG.normal(size=(1, 9, 8, 2)).astype("float32")
    expected = _run_layer(layer_class(size, strides=stride), x)[0]
    np.testing.assert_allclose(conv.pool2d(x[0], size, stride, mode), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("kernel, stride", [(2, 2), (3, 2), (3, 1), (1, 2), (4, 3)])
def test_transposed_conv2d_matches_keras(kernel, stride):
    x = RNG.normal(size=(1, 4, 5, 2)).astype("float32")
    w = RNG.normal(size=(kernel, kernel, 3, 2)).astype("float32")
    layer = layers.Conv2DTranspose(3, kernel, strides=stride, use_bias=False)
    expected = _run_layer(layer, x, [w])[0]
    got = conv.transposed_conv2d(x[0], w, stride)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


def test_upsample_matches_keras():
    x = RNG.normal(size=(1, 3, 4, 2)).astype("float32")
    expected = _run_layer(layers.UpSampling2D(3), x)[0]
    np.testing.assert_array_equal(conv.upsample_nearest(x[0], 3), expected)


def test_output_size_matches_keras_shapes():
    for n, f, p, s in itertools.product((7, 10, 28), (1, 3, 5), (0, 1, 2), (1, 2, 3)):
        model = keras.Sequential(
            [keras.Input(shape=(n, n, 1)), layers.ZeroPadding2D(p), layers.Conv2D(1, f, strides=s)]
        )
        assert model.output_shape[1] == conv.output_size(n, f, p, s), (n, f, p, s)


# --- bad input -------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: conv.correlate(np.ones(5), np.ones((2, 2))), ValueError, "must be 1-dimensional"),
        (lambda: conv.correlate(np.ones((2, 2, 2, 2)), np.ones((1, 1, 1, 1))), ValueError, "at most 3"),
        (lambda: conv.correlate(np.ones(3), np.ones(4)), ValueError, "larger than the (padded) input"),
        (lambda: conv.correlate(np.ones(3), np.ones(2), stride=0), ValueError, "stride must be >= 1"),
        (lambda: conv.correlate(np.ones(3), np.ones(2), stride=1.5), TypeError, "stride must be an integer"),
        (lambda: conv.correlate(np.ones(3), np.ones(2), padding=-1), ValueError, "padding must be >= 0"),
        (lambda: conv.correlate(np.ones((3, 3)), np.ones((2, 2)), stride=(1, 1, 1)), ValueError, "2 integers"),
        (lambda: conv.correlate(np.ones(3, dtype=bool), np.ones(2)), TypeError, "real numbers"),
        (lambda: conv.correlate(["a", "b"], [1]), TypeError, "real numbers"),
        (lambda: conv.correlate(np.ones(3), np.ones(0)), ValueError, "must not be empty"),
        (lambda: conv.correlate([[1, 2], [3]], [1]), ValueError, "rectangular"),
        (lambda: conv.conv2d_layer(np.ones((5, 5, 3)), np.ones((3, 3, 2, 4))), ValueError, "depth 2"),
        (lambda: conv.conv2d_layer(np.ones((5, 5, 3)), np.ones((3, 3, 3, 4)), bias=np.ones(3)), ValueError, "one entry per filter"),
        (lambda: conv.pool2d(np.ones((4, 4)), mode="median"), ValueError, "mode must be one of"),
        (lambda: conv.pool2d(np.ones((4, 4)), size=5), ValueError, "larger than the input"),
        (lambda: conv.pool2d(np.ones(4)), ValueError, "at least 2"),
        (lambda: conv.transposed_conv2d(np.ones((3, 3, 2)), np.ones((2, 2, 1, 3))), ValueError, "C_in = 3"),
        (lambda: conv.transposed_conv2d(np.ones((3, 3)), np.ones((2, 2, 1, 1))), ValueError, "must be 2-dimensional"),
        (lambda: conv.upsample_nearest(np.ones((2, 2)), 0), ValueError, "factor must be >= 1"),
        (lambda: conv.output_size(5, 8), ValueError, "larger than the padded input"),
        (lambda: conv.output_size(5, 3, stride=0), ValueError, "stride must be >= 1"),
        (lambda: conv.output_size(5.0, 3), TypeError, "must be an integer"),
        (lambda: conv.gaussian_kernel(4, 1.0), ValueError, "must be odd"),
        (lambda: conv.gaussian_kernel(5, -1.0), ValueError, "sigma (in pixels) must be a number > 0"),
        (lambda: conv.gaussian_kernel(5, 0), ValueError, "sigma (in pixels) must be a number > 0"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=__import__("re").escape(message)):
        call()


# --- notebook 01's constants and round-trips (moved out of its Checks) -------------


def test_weight_sharing_counts_match_keras():
    """Notebook 01, section 8: Conv2D(n, 5) on 28x28 has 25n weights, the Dense layer with the same outputs 451,584n."""
    for n in (1, 6):
        conv_layer, dense_layer = layers.Conv2D(n, 5), layers.Dense(24 * 24 * n)
        conv_layer.build((None, 28, 28, 1))
        dense_layer.build((None, 28 * 28))
        assert int(np.prod(conv_layer.kernel.shape)) == 25 * n
        assert int(np.prod(dense_layer.kernel.shape)) == 451_584 * n


def test_convolution_as_a_sparse_weight_matrix():
    """Notebook 01, section 8: a 3x3 filter on 6x6 is a 16 x 36 matrix with 9 non-zeros per row."""
    small_filter = np.arange(1, 10).reshape(3, 3)
    as_matrix = np.stack([conv.correlate(e, small_filter).ravel() for e in np.eye(36).reshape(36, 6, 6)], axis=1)
    assert as_matrix.shape == (16, 36) and np.count_nonzero(as_matrix) == 16 * 9
    image = RNG.normal(size=(6, 6))
    np.testing.assert_allclose(as_matrix @ image.ravel(), conv.correlate(image, small_filter).ravel(), atol=1e-12)


def test_transposed_conv_overlap_counts():
    """Notebook 01, section 9: kernel 2 / stride 2 covers each output once; kernel 3 / stride 2 once, twice or four times."""
    flat = np.ones((5, 5))
    assert np.all(conv.transposed_conv2d(flat, np.ones((2, 2)), stride=2) == 1)
    overlap = conv.transposed_conv2d(flat, np.ones((3, 3)), stride=2)
    assert overlap.shape == (11, 11)
    np.testing.assert_array_equal(np.unique(overlap), [1, 2, 4])


def test_edge_filters_on_a_step():
    """Notebook 01, section 7: [1, -1] sees a vertical step, its transpose does not."""
    step = np.repeat([[0.0] * 5 + [1.0] * 5], 10, axis=0)
    w_row = np.array([[1, -1]])
    assert np.abs(conv.correlate(step, w_row)).max() == 1
    assert np.abs(conv.correlate(step, w_row.T)).max() == 0


def test_stride_2_padding_1_matches_keras_on_the_slides_example():
    """Notebook 01, section 5: the slides' 5x5 input with P = 1, S = 2."""
    x = np.pad(SLIDES_X, 1)[None, :, :, None].astype("float32")
    out = _run_layer(layers.Conv2D(1, 3, strides=2, use_bias=False), x, [SLIDES_W.reshape(3, 3, 1, 1).astype("float32")])
    np.testing.assert_array_equal(out[0, :, :, 0], conv.correlate(SLIDES_X, SLIDES_W, stride=2, padding=1))
