"""Exercise checks for notebook 04 (deep autoencoders)."""

import numpy as np

from .. import inference, metrics
from ._feedback import array_of, not_yet, passed, run


def exercise_1(worst_reconstructed, model, images):
    """``worst_reconstructed(model, images, n)``: indices of the n largest MSE_i, worst first (tried for several n)."""
    errors = metrics.per_observation_mse(images, inference.predict(model, images))
    for n in (6, 1, min(11, len(images))):
        call = f"worst_reconstructed(model, images, {n})"
        got = array_of(1, run(1, worst_reconstructed, model, images, n), call)
        if got.shape != (n,):
            not_yet(1, f"{call} should give {n} indices, got shape {got.shape}: use n")
        got = got.astype(int)
        if n > 1 and set(got) == set(np.argsort(errors)[:n]):
            not_yet(1, "these are the best reconstructed images: sort the errors from largest to smallest")
        if set(got) != set(np.argsort(errors)[-n:]):
            not_yet(1, f"{call}: these are not the {n} largest errors; compute MSE_i per image (per_observation_mse)")
        if np.any(np.diff(errors[got]) > 0):
            not_yet(1, "the right images, but put the worst first")
    return passed(1)


def exercise_2(by_hand, tied_model, images):
    """The tied single-layer autoencoder's output computed in NumPy."""
    expected = inference.predict(tied_model, images)
    got = array_of(2, by_hand, "by_hand", expected.shape)
    if got.min() < 0 or got.max() > 1:
        not_yet(2, "values outside [0, 1]: the decoder ends in a sigmoid")
    if not np.allclose(got, expected, atol=1e-5):
        not_yet(2, "the decoder uses the encoder's kernel transposed (W.T) and its own bias c")
    return passed(2)
