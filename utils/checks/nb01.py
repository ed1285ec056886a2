"""Exercise checks for notebook 01 (convolution by hand)."""

import numpy as np

from .. import conv
from ._feedback import array_of, not_yet, number_of, passed, run

SLIDES_X = np.array([[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]], float)
SLIDES_W = np.array([[0, 1, 2], [2, 2, 0], [0, 1, 2]], float)


def exercise_1(conv2d_strided):
    """``conv2d_strided(x, w, stride)``: valid 2D cross-correlation with a stride."""
    rng = np.random.default_rng(1)
    cases = [(SLIDES_X, SLIDES_W, 1)] + [(rng.normal(size=(9, 8)), rng.normal(size=(3, 2)), s) for s in (1, 2, 3)]
    for x, w, stride in cases:
        expected = conv.correlate(x, w, stride=stride)
        got = array_of(1, run(1, conv2d_strided, x, w, stride), f"conv2d_strided(x, w, stride={stride})")
        if got.shape != expected.shape:
            if got.shape == conv.correlate(x, w).shape and stride > 1:
                not_yet(1, f"with stride {stride} the output should be smaller: you seem to ignore the stride")
            not_yet(1, f"for a {x.shape} input, a {w.shape} kernel and stride {stride} the output has shape "
                       f"{expected.shape} ((W_in - F) / S + 1 per axis), yours has {got.shape}")
        if np.allclose(got, conv.convolve(x, w, stride=stride)) and not np.allclose(got, expected):
            not_yet(1, "you flipped the kernel: deep learning's 'convolution' is cross-correlation, no flip")
        if not np.allclose(got, expected):
            not_yet(1, f"right shape, wrong numbers (stride {stride}); try the slides' 5x5 example first")
    return passed(1)


def exercise_2(detector, scene, centre):
    """A 3x3 filter whose correlation with ``scene`` peaks at the plus sign's ``centre``."""
    detector = array_of(2, detector, "detector")
    if detector.ndim != 2:
        not_yet(2, f"the detector should be a 2D filter, got shape {detector.shape}")
    response = conv.correlate(scene, detector)
    peak = np.unravel_index(np.argmax(response), response.shape)
    found = (int(peak[0]) + detector.shape[0] // 2, int(peak[1]) + detector.shape[1] // 2)
    if found != tuple(centre):
        if detector.sum() > 1e-9:
            not_yet(2, f"your filter peaks at {found}, not at the plus sign's centre {tuple(centre)}; in the figure, "
                       "what about that part of the scene makes the response large there, whatever its shape?")
        not_yet(2, f"your filter peaks at {found}, not at the plus sign's centre {tuple(centre)}")
    return passed(2)


def keras_stack_size():
    """Height Keras reports after Conv2D(8, 5) -> MaxPooling2D(2) -> ZeroPadding2D(1) -> Conv2D(16, 3, strides=2) on 28x28."""
    import keras  # here, not at import time: the other checks need no Keras

    stack = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(8, 5), keras.layers.MaxPooling2D(2),
                              keras.layers.ZeroPadding2D(1), keras.layers.Conv2D(16, 3, strides=2)])
    return int(stack.output_shape[1])


def exercise_3(final_size):
    """The width after Conv2D(5) -> MaxPooling2D(2) -> ZeroPadding2D(1) -> Conv2D(3, strides=2) on 28x28.

    The expected size is the one Keras reports for that stack, built here (notebook 01).
    """
    final_size = number_of(3, final_size, "final_size")
    expected = keras_stack_size()
    after_pool = conv.output_size(conv.output_size(28, 5), 2, stride=2)
    mistakes = [
        (conv.output_size(after_pool, 3, padding=0, stride=2), "the padding"),
        (conv.output_size(after_pool, 3, padding=1, stride=1), "the last stride"),
        (conv.output_size(conv.output_size(28, 5), 3, padding=1, stride=2), "the pooling layer"),
    ]
    if final_size != expected:
        forgotten = [what for size, what in mistakes if size == final_size and size != expected]
        if forgotten:
            not_yet(3, f"{final_size:g} is what you get if you forget {' or '.join(forgotten)}")
        not_yet(3, f"{final_size:g} is not it; apply (W_in - F + 2P) / S + 1, rounded down, layer by layer")
    return passed(3, f"Keras builds the stack and reports {expected} x {expected} as well.")
