"""Exercise checks for notebook 03 (autoencoder vs PCA)."""

import numpy as np

from .. import metrics
from ._feedback import not_yet, number_of, passed


def exercise_1(svd_mse, x):
    """The reconstruction MSE of ``x`` (centred) from its top two principal directions, by SVD."""
    svd_mse = number_of(1, svd_mse, "svd_mse")
    expected = metrics.pca_reconstruction_mse(x, x, 2)
    if not np.isclose(svd_mse, expected, rtol=1e-4):
        if svd_mse < expected:
            not_yet(1, "your error is too small: keep exactly two components (the first two rows of Vt)")
        if np.isclose(svd_mse, expected * x.shape[1], rtol=1e-3):
            not_yet(1, "you summed over the pixels: the MSE averages over every number")
        not_yet(1, "your error is too large: project onto the first two rows of Vt (right singular vectors), "
                   "x @ V2.T @ V2, not onto columns of U")
    return passed(1, f"MSE {svd_mse:.5f}.")


def exercise_3(k90, x):
    """The smallest number of principal components that explain at least 90% of the variance."""
    k90 = number_of(3, k90, "k90")
    values = np.linalg.svd(x - x.mean(axis=0), compute_uv=False) ** 2
    explained = np.cumsum(values) / values.sum()
    expected = int(np.searchsorted(explained, 0.90) + 1)
    if k90 == expected - 1:
        not_yet(3, "off by one: an index counts from 0, components count from 1")
    if k90 != expected:
        not_yet(3, f"with {k90:g} components the explained share is not the smallest that reaches 90%")
    return passed(3, f"{expected} of {x.shape[1]} components explain 90% of the variance.")


def exercise_2(new_weights, encoder, decoder, B, x):
    """Weights ``[W1', b1', W2', b2']`` of a linear autoencoder whose codes are the old codes times ``B``."""
    if not isinstance(new_weights, (list, tuple)) or len(new_weights) != 4:
        not_yet(2, "new_weights should be a list of four arrays: [encoder kernel, encoder bias, decoder kernel, decoder bias]")
    W1, b1 = encoder.layers[-1].get_weights()
    W2, b2 = decoder.layers[-1].get_weights()
    shapes = [W1.shape, b1.shape, W2.shape, b2.shape]
    arrays = [np.asarray(w, np.float64) for w in new_weights]
    for i, (arr, shape) in enumerate(zip(arrays, shapes)):
        if arr.shape != shape:
            not_yet(2, f"new_weights[{i}] has shape {arr.shape}; the layer needs {shape}")
    old_codes = x @ W1 + b1
    new_codes = x @ arrays[0] + arrays[1]
    if not np.allclose(new_codes, old_codes @ B, atol=1e-4):
        not_yet(2, "the new codes should be the old codes times B, bias included: (x W1 + b1) B")
    if not np.allclose(new_codes @ arrays[2] + arrays[3], old_codes @ W2 + b2, atol=1e-4):
        not_yet(2, "the codes are right but the reconstructions changed: the decoder must undo B first")
    return passed(2, "With this B the new codes are the old codes times B, and the reconstructions of these images are unchanged.")
