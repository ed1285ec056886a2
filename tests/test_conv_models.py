"""utils.models: the convolutional encoder and the two decoders (notebook 09)."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from utils import conv, models  # noqa: E402


@pytest.mark.parametrize("method", models.DECODER_METHODS)
def test_shapes_follow_the_output_size_formula(method):
    encoder, decoder, autoencoder = models.conv_autoencoder((28, 28), filters=(16, 4), method=method)
    size = 28
    for layer in encoder.layers[1:]:  # after the Reshape that adds the channel axis
        if isinstance(layer, keras.layers.Conv2D):
            size = conv.output_size(size, 3, padding=1, stride=1)
        else:
            size = conv.output_size(size, 2, padding=0, stride=2)
        assert layer.output.shape[1:3] == (size, size)
    assert encoder.output_shape == (None, 7, 7, 4)
    assert decoder.output_shape == (None, 28, 28) and autoencoder.output_shape == (None, 28, 28)
    kinds = [type(layer).__name__ for layer in decoder.layers]
    if method == "transpose":
        assert kinds.count("Conv2DTranspose") == 2 and "UpSampling2D" not in kinds
        assert all(layer.kernel_size == (2, 2) and layer.strides == (2, 2) for layer in decoder.layers[:2])
    else:
        assert kinds.count("UpSampling2D") == 2 and "Conv2DTranspose" not in kinds


def test_parameter_counts():
    _, _, transpose = models.conv_autoencoder((28, 28), filters=(32, 8), method="transpose")
    _, _, upsample = models.conv_autoencoder((28, 28), filters=(32, 8), method="upsample")
    encoder = (9 * 1 * 32 + 32) + (9 * 32 * 8 + 8)
    head = 9 * 32 * 1 + 1
    assert transpose.count_params() == encoder + (4 * 8 * 8 + 8) + (4 * 8 * 32 + 32) + head
    assert upsample.count_params() == encoder + (9 * 8 * 8 + 8) + (9 * 8 * 32 + 32) + head


def test_transpose_stage_has_no_overlap():
    """Kernel 2, stride 2: each output pixel receives exactly one kernel weight, so all-ones weights give a flat map."""
    _, decoder, _ = models.conv_autoencoder((8, 8, 1), filters=(1,), method="transpose", output_activation=None)
    layer = decoder.layers[0]
    layer.kernel.assign(np.ones(layer.kernel.shape, "float32"))
    out = keras.ops.convert_to_numpy(layer(np.ones((1, 4, 4, 1), "float32")))
    assert out.shape == (1, 8, 8, 1) and np.all(out == 1)


def test_colour_channels_and_output_channels():
    encoder, decoder, autoencoder = models.conv_autoencoder(
        (32, 32, 1), filters=(8, 16), method="upsample", output_channels=2, output_activation=None
    )
    x = np.random.default_rng(0).random((3, 32, 32, 1)).astype("float32")
    assert keras.ops.convert_to_numpy(autoencoder(x)).shape == (3, 32, 32, 2)
    _, _, rgb = models.conv_autoencoder((16, 16, 3), filters=(4,))
    assert rgb.output_shape == (None, 16, 16, 3)


def test_reconstructions_are_pixels():
    _, _, autoencoder = models.conv_autoencoder((12, 12), filters=(4, 4))
    out = keras.ops.convert_to_numpy(autoencoder(np.random.default_rng(1).random((2, 12, 12)).astype("float32")))
    assert out.shape == (2, 12, 12) and out.min() >= 0 and out.max() <= 1


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(input_shape=(30, 30)), ValueError, "divisible by 2\\*\\*2 = 4"),
        (dict(input_shape=(28,)), ValueError, "height, width"),
        (dict(input_shape=(28, 28, 1, 1)), ValueError, "height, width"),
        (dict(filters=()), ValueError, "at least one"),
        (dict(filters=(8, 2.5)), TypeError, "filters"),
        (dict(method="bilinear"), ValueError, "method must be one of"),
        (dict(output_channels=0), ValueError, "output_channels"),
        (dict(output_activation="sigmoidd"), ValueError, "sigmoidd"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        models.conv_autoencoder(**kwargs)


def test_decoder_needs_a_feature_map_code():
    with pytest.raises(ValueError, match="code_shape"):
        models.conv_decoder((49,))
    with pytest.raises(ValueError, match="squeeze"):
        models.conv_decoder((7, 7, 8), output_channels=2, squeeze=True)


# --- the small CNN classifier (notebook 02) -------------------------------------


def test_cnn_classifier_shapes_and_parameters():
    model = models.cnn_classifier()
    assert [layer.name for layer in model.layers] == ["add_channel", "conv_0", "pool_0", "conv_1", "pool_1", "flatten", "softmax"]
    assert model.output_shape == (None, 10)
    # 5x5x1x8 + 8, 5x5x8x16 + 16, (4*4*16) x 10 + 10
    assert model.count_params() == 208 + 3216 + 2570
    wide = models.cnn_classifier(filters=(16, 32), kernel_size=3, hidden_units=(64,), classes=5)
    assert wide.get_layer("hidden_0").output.shape[1:] == (64,) and wide.output_shape == (None, 5)
    assert wide.get_layer("flatten").output.shape[1:] == (5 * 5 * 32,)
    flat = models.cnn_classifier(pool=False)
    assert flat.get_layer("flatten").output.shape[1:] == (20 * 20 * 16,)
    # notebook 02, section 4: pooling's first purpose, fewer variables (5,994 against 67,434)
    assert flat.count_params() == 208 + 3216 + 20 * 20 * 16 * 10 + 10 and model.count_params() < flat.count_params() / 5
    colour = models.cnn_classifier((32, 32, 3), filters=(4,), kernel_size=3)
    assert colour.get_layer("conv_0").count_params() == 3 * 3 * 3 * 4 + 4


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"filters": ()}, "at least one convolution"),
        ({"filters": (8, 16, 32), "kernel_size": 5}, "shrink a 28x28 image to nothing"),
        ({"kernel_size": 0}, "kernel_size must be >= 1"),
        ({"classes": 1}, "classes must be >= 2"),
        ({"input_shape": (None, None)}, "known image size"),
        ({"activation": "wiggle"}, "wiggle"),
    ],
)
def test_cnn_classifier_rejects_bad_arguments(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        models.cnn_classifier(**kwargs)


def _stamp(layer, size=6):
    out = keras.ops.convert_to_numpy(layer(np.ones((1, size, size, 1), "float32")))[0, :, :, 0]
    return out[2:-2, 2:-2]                      # inside, away from the border


def test_all_ones_stamps_kernel_3_stride_2_checkerboards_the_lecture_stages_do_not():
    """Notebook 09's stamps figure: uneven overlap (kernel 3, stride 2) gives 1, 2 and 4 contributions."""
    k3 = keras.layers.Conv2DTranspose(1, 3, strides=2, padding="same", use_bias=False, kernel_initializer="ones")
    k2 = keras.layers.Conv2DTranspose(1, 2, strides=2, use_bias=False, kernel_initializer="ones")
    up = keras.Sequential([keras.layers.UpSampling2D(2),
                           keras.layers.Conv2D(1, 3, padding="same", use_bias=False, kernel_initializer="ones")])
    assert sorted(set(_stamp(k3).ravel().tolist())) == [1, 2, 4]
    assert np.all(_stamp(k2) == 1) and np.all(_stamp(up) == 9)


def test_dense_autoencoder_parameter_budget_arithmetic():
    """Notebook 09 pairs dense and conv autoencoders: a one-layer dense code of c numbers costs 1569c + 784."""
    _, _, conv_ae = models.conv_autoencoder((28, 28), filters=(32, 8))
    budget = conv_ae.count_params()
    widest = max(c for c in range(1, 100) if 1569 * c + 784 <= budget)
    for c in (widest, widest + 1, 49, 392):
        assert models.dense_autoencoder((28, 28), c, hidden_units=())[2].count_params() == 1569 * c + 784
    assert widest == 2 and 1569 * (widest + 1) + 784 > budget
    assert models.dense_autoencoder((28, 28), 392, hidden_units=())[2].count_params() > 100 * budget


def test_notebook_09_honest_pairing_has_equal_parameters_and_code():
    """Notebook 09's conv autoencoder with a 7x7x1 code and its two dense opponents with a 49-number code:
    the same parameter budget within 0.2%, and the dense hidden layer (46) the widest that fits it."""
    conv_49 = keras.Sequential([
        keras.Input((28, 28)), keras.layers.Reshape((28, 28, 1)),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"), keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"), keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(165, 3, padding="same", activation="relu"), keras.layers.Conv2D(1, 1),
        keras.layers.Conv2D(165, 3, padding="same", activation="relu"),
        keras.layers.Conv2DTranspose(32, 2, strides=2, activation="relu"),
        keras.layers.Conv2DTranspose(16, 2, strides=2, activation="relu"),
        keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid"), keras.layers.Reshape((28, 28)),
    ])
    assert conv_49.layers[6].output.shape[1:] == (7, 7, 1)                     # the code: 49 numbers
    budget = conv_49.count_params()
    one_layer = models.dense_autoencoder((28, 28), 49, hidden_units=())[2].count_params()
    hidden = {h: models.dense_autoencoder((28, 28), 49, hidden_units=(h,))[2].count_params() for h in (46, 47)}
    assert hidden[46] == 1668 * 46 + 833                                       # 784h + h + 49h + 49, mirrored
    for dense in (one_layer, hidden[46]):
        assert abs(dense / budget - 1) < 2e-3
    assert hidden[47] > budget > hidden[46]
