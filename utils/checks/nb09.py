"""Exercise checks for notebook 09 (convolutional autoencoders)."""

import math

from ._feedback import not_yet, number_of, passed, run


def exercise_1(transposed_output_size):
    """``transposed_output_size(n, kernel, stride)`` for Conv2DTranspose with padding "valid"."""
    for n, kernel, stride in [(7, 2, 2), (7, 3, 2), (5, 3, 1), (4, 4, 3), (1, 5, 2)]:
        expected = stride * (n - 1) + kernel
        got = number_of(1, run(1, transposed_output_size, n, kernel, stride), "transposed_output_size")
        if got == (n - kernel) // stride + 1:
            not_yet(1, "that is the forward formula (it shrinks); a transposed convolution inverts it")
        if got == stride * n + kernel:
            not_yet(1, f"for n={n}, kernel={kernel}, stride={stride}: almost; the stride separates n - 1 gaps")
        if got != expected:
            not_yet(1, f"wrong size for n={n}, kernel={kernel}, stride={stride}: solve (W_out - F) / S + 1 = n for W_out")
    return passed(1)


def exercise_2(my_decoder_params, decoder):
    """The parameter count of the method 2 decoder, by hand."""
    got = number_of(2, my_decoder_params, "my_decoder_params")
    expected = decoder.count_params()
    convs = [layer for layer in decoder.layers if layer.weights]
    without_bias = sum(math.prod(layer.kernel.shape) for layer in convs)
    if got == without_bias:
        not_yet(2, "you forgot the biases: one per output channel of each layer")
    if got != expected:
        not_yet(2, "per Conv2D layer: kernel height x kernel width x input channels x output channels + biases; "
                   "UpSampling2D has no parameters")
    return passed(2)
