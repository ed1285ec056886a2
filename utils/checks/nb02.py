"""Exercise checks for notebook 02 (convolutional networks)."""

from ._feedback import not_yet, number_of, passed, run


def exercise_1(conv_parameters):
    """``conv_parameters(kernel, in_channels, filters)``: the trainable numbers of a Conv2D layer."""
    cases = [(5, 1, 8), (5, 8, 16), (3, 3, 64), (1, 32, 10)]
    for kernel, channels, filters in cases:
        got = number_of(1, run(1, conv_parameters, kernel, channels, filters), "conv_parameters(...)")
        expected = kernel * kernel * channels * filters + filters
        if got == expected:
            continue
        if got == expected - filters:
            not_yet(1, "you forgot the biases: one per filter")
        if got == kernel * kernel * filters + filters:
            not_yet(1, "each filter spans every input channel: multiply by in_channels")
        if got == kernel * channels * filters + filters:
            not_yet(1, "a kernel is kernel x kernel numbers per channel, not kernel")
        not_yet(1, f"conv_parameters({kernel}, {channels}, {filters}) gave {got:g}")
    return passed(1, "Every case matches Keras' count_params().")


def exercise_2(receptive_field):
    """The receptive field (pixels across) of one unit of conv_1 in the notebook's CNN."""
    got = number_of(2, receptive_field, "receptive_field")
    if got == 14:
        return passed(2, "14 x 14 pixels: 5 for conv_1's kernel, doubled by the pooling, plus conv_0's kernel.")
    if got == 9:
        not_yet(2, "that ignores the pooling in between: each pool_0 cell covers two conv_0 positions")
    if got == 10:
        not_yet(2, "the pooling doubles conv_1's span to 10 conv_0 positions; each of those sees 5 pixels, "
                   "so add conv_0's extra 4")
    not_yet(2, "walk backwards: 5 cells of pool_0 -> 10 of conv_0 -> 10 + 5 - 1 pixels")
