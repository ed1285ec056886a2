"""Exercise checks for notebook 02 (convolutional networks)."""

from ._feedback import not_yet, number_of, passed, run


def exercise_1(separable_parameters):
    """``separable_parameters(kernel, in_channels, filters)``: the trainable numbers of a SeparableConv2D layer.

    Every case is compared with ``count_params()`` of a Keras ``SeparableConv2D(filters, kernel)`` built on
    ``in_channels`` channels (depth multiplier 1, one bias per output filter).
    """
    import keras  # only when checked: importing this module must not start TensorFlow

    cases = [(5, 1, 8), (5, 8, 16), (3, 3, 64), (1, 32, 10), (3, 16, 16)]
    for kernel, channels, filters in cases:
        got = number_of(1, run(1, separable_parameters, kernel, channels, filters), "separable_parameters(...)")
        layer = keras.layers.SeparableConv2D(filters, kernel)
        layer.build((None, 2 * kernel, 2 * kernel, channels))
        expected = layer.count_params()
        if got == expected:
            continue
        if got == kernel * kernel * channels * filters + filters:
            not_yet(1, "that is an ordinary Conv2D: here each input channel gets its own kernel x kernel filter, "
                       "and a 1x1 convolution then mixes the channels")
        if got == expected - filters:
            not_yet(1, "you forgot the biases: one per output filter")
        if got == expected + channels:
            not_yet(1, "only the 1x1 (pointwise) convolution has biases")
        not_yet(1, f"separable_parameters({kernel}, {channels}, {filters}) gave {got:g}")
    return passed(1, f"All {len(cases)} cases equal count_params() of the Keras SeparableConv2D layer.")


def exercise_2(receptive_field):
    """The receptive field (pixels across) of one unit of conv_1 in ``models.cnn_classifier(kernel_size=3)``."""
    got = number_of(2, receptive_field, "receptive_field")
    if got == 8:
        return passed(2, "8 x 8 pixels: 3 pool_0 cells, 6 conv_0 positions, each seeing 3 pixels.")
    if got == 14:
        not_yet(2, "14 is the answer for 5x5 kernels; this network's kernels are 3x3")
    if got == 5:
        not_yet(2, "that ignores the pooling in between: each pool_0 cell covers two conv_0 positions")
    if got == 6:
        not_yet(2, "that counts conv_0 positions; each conv_0 position sees a window of pixels, not a single pixel")
    not_yet(2, "walk backwards from one conv_1 unit: pool_0 cells, then conv_0 positions, then pixels")
