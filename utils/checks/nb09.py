"""Exercise checks for notebook 09 (convolutional autoencoders)."""

import contextlib
import math

from ._feedback import not_yet, number_of, passed, run


def _keras_transposed_size(n, kernel, stride):
    import keras

    layer = keras.layers.Conv2DTranspose(1, kernel, strides=stride, padding="valid")
    return layer.compute_output_shape((1, n, 1, 1))[1]


def exercise_1(transposed_output_size):
    """``transposed_output_size(n, kernel, stride)`` for Conv2DTranspose with padding "valid", against Keras' shapes."""
    for n, kernel, stride in [(7, 2, 2), (7, 3, 2), (5, 3, 1), (4, 4, 3), (1, 5, 2), (12_345, 3, 2), (50_000, 4, 3)]:
        expected = _keras_transposed_size(n, kernel, stride)
        got = number_of(1, run(1, transposed_output_size, n, kernel, stride), "transposed_output_size")
        if got == (n - kernel) // stride + 1:
            not_yet(1, "that is the forward formula (it shrinks); a transposed convolution inverts it")
        if got == stride * n + kernel:
            not_yet(1, f"for n={n}, kernel={kernel}, stride={stride}: almost; the stride separates n - 1 gaps")
        if got != expected:
            not_yet(1, f"wrong size for n={n}, kernel={kernel}, stride={stride}: solve (W_out - F) / S + 1 = n for W_out "
                       "(a search that stops at some largest size fails on large n)")
    return passed(1, "Your formula gives Keras' output sizes for every kernel, stride and size tried.")


@contextlib.contextmanager
def _no_counting():
    """Switch off Keras' count_params and the course's model builder while student code runs."""
    import keras

    from utils import models

    def refuse(*args, **kwargs):
        raise RuntimeError("building the model or calling count_params is switched off here: "
                           "count the parameters by hand from the layer shapes")

    saved = (keras.layers.Layer.count_params, models.conv_autoencoder)
    keras.layers.Layer.count_params, models.conv_autoencoder = refuse, refuse
    try:
        yield
    finally:
        keras.layers.Layer.count_params, models.conv_autoencoder = saved


def exercise_2(decoder_params):
    """``decoder_params(filters)``: the parameters of the method 2 decoder of ``conv_autoencoder``, by hand."""
    from utils import models

    for filters, shape in [((32, 8), (28, 28)), ((16, 4), (28, 28)), ((8,), (28, 28)), ((12, 6, 3), (32, 32))]:
        _, decoder, _ = models.conv_autoencoder(shape, filters, method="upsample")
        expected = decoder.count_params()
        convs = [layer for layer in decoder.layers if layer.weights]
        without_bias = sum(math.prod(layer.kernel.shape) for layer in convs)
        without_image = expected - convs[-1].count_params()
        with _no_counting():
            got = number_of(2, run(2, decoder_params, filters), "decoder_params(filters)")
        if got == without_bias:
            not_yet(2, f"for filters={filters}: you forgot the biases, one per output channel of each layer")
        if got == without_image:
            not_yet(2, f"for filters={filters}: you left out the last layer, the Conv2D that makes the image (one channel)")
        if got != expected:
            not_yet(2, f"wrong count for filters={filters}: per Conv2D layer, kernel height x kernel width x input channels "
                       "x output channels + biases; UpSampling2D has no parameters")
    return passed(2, "Your count matches the decoders Keras builds for every filters tuple tried.")
