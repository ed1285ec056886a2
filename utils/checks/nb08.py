"""Exercise checks for notebook 08 (anomaly detection)."""

import numpy as np

from ._feedback import not_yet, number_of, passed, run


def exercise_1(threshold_for):
    """``threshold_for(errors, rate)``: the smallest threshold with at most ``rate`` of the errors above it."""
    toy = np.arange(1.0, 101.0)
    rng = np.random.default_rng(0)
    for errors, rate in [(toy, 0.05), (toy, 0.0), (rng.exponential(size=500), 0.1), (rng.normal(size=333), 0.02)]:
        t = number_of(1, run(1, threshold_for, errors, rate), f"threshold_for(errors, {rate})")
        share_above = np.mean(errors > t)
        if share_above > rate:
            not_yet(1, f"with rate {rate}, {share_above:.1%} of the errors lie above your threshold: too low")
        smaller = np.sort(errors)[np.sort(errors) < t]
        if len(smaller) and np.mean(errors > smaller[-1]) <= rate:
            not_yet(1, f"with rate {rate} a smaller threshold ({smaller[-1]:.4g}) also keeps to the budget: "
                       "take the smallest")
    return passed(1)


def exercise_2(my_precision, my_recall, tn, fp, fn, tp):
    """Precision and recall from confusion-matrix counts."""
    my_precision, my_recall = number_of(2, my_precision, "my_precision"), number_of(2, my_recall, "my_recall")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    if np.isclose(my_precision, recall) and np.isclose(my_recall, precision) and not np.isclose(precision, recall):
        not_yet(2, "you swapped them: precision asks 'of the flagged, how many are anomalies?'")
    if not np.isclose(my_precision, precision):
        not_yet(2, "precision: of everything flagged (true and false positives), the share of anomalies")
    if not np.isclose(my_recall, recall):
        not_yet(2, "recall: of all anomalies (found and missed), the share that was flagged")
    return passed(2)
