"""Exercise checks for notebook 12 (autoencoders at work)."""

import numpy as np

from .. import metrics
from ._feedback import not_yet, number_of, passed, run


def exercise_1(my_iou):
    """``my_iou(true, predicted)``: intersection over union of two boolean masks of one image."""
    rng = np.random.default_rng(1)  # IoU, Dice and the one-sided ratios all differ for these masks
    true, predicted = rng.random((8, 8)) < 0.4, rng.random((8, 8)) < 0.5
    expected = float(metrics.iou(true[None], predicted[None])[0])
    got = number_of(1, run(1, my_iou, true, predicted), "my_iou(true, predicted)")
    if np.isclose(got, float(metrics.dice(true[None], predicted[None])[0])):
        not_yet(1, "that is the Dice coefficient (2|A n B| / (|A| + |B|)); IoU divides by the union")
    if np.isclose(got, (true & predicted).sum() / true.sum()):
        not_yet(1, "divide by the union of both masks, not by the true mask alone")
    if not np.isclose(got, expected):
        not_yet(1, "count the pixels in both masks (&) and divide by the pixels in either (|)")
    empty = np.zeros((4, 4), bool)
    if not np.isclose(number_of(1, run(1, my_iou, empty, empty), "my_iou(empty, empty)"), 1.0):
        not_yet(1, "two empty masks agree perfectly: return 1 when the union is empty")
    return passed(1)


def exercise_2(empirical_entropy):
    """``empirical_entropy(symbols)``: bits per symbol, -sum p log2 p over the symbols' frequencies."""
    symbols = np.array([0, 0, 0, 0, 1, 1, 2, -1])
    p = np.array([4, 2, 1, 1]) / 8
    expected = float(-(p * np.log2(p)).sum())  # 1.75 bits
    got = number_of(2, run(2, empirical_entropy, symbols), "empirical_entropy(symbols)")
    if np.isclose(got, expected * np.log(2)):
        not_yet(2, "use log base 2: the answer is in bits, not nats")
    if np.isclose(got, expected * len(symbols)):
        not_yet(2, "per symbol: the mean cost, not the total")
    if not np.isclose(got, expected):
        not_yet(2, "count how often each value occurs (np.unique with return_counts), turn counts into p, "
                   "then -sum p log2 p")
    if not np.isclose(number_of(2, run(2, empirical_entropy, np.full(10, 3)), "empirical_entropy(constant)"), 0.0):
        not_yet(2, "a constant signal costs 0 bits per symbol")
    return passed(2)
