"""Exercise checks for notebook 11 (variational autoencoders)."""

import numpy as np

from ._feedback import array_of, not_yet, passed, run


def exercise_1(reparameterize):
    """``reparameterize(mean, log_var, eps)`` = mean + exp(log_var / 2) * eps."""
    rng = np.random.default_rng(0)
    mean, log_var, eps = rng.normal(size=(5, 3)), rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    got = array_of(1, run(1, reparameterize, mean, log_var, eps), "reparameterize(mean, log_var, eps)", mean.shape)
    if np.allclose(got, mean + np.exp(log_var) * eps):
        not_yet(1, "exp(log_var) is the variance; scale eps by the standard deviation")
    if np.allclose(got, np.exp(0.5 * log_var) * eps):
        not_yet(1, "the code is centred on the mean: add it")
    if not np.allclose(got, mean + np.exp(0.5 * log_var) * eps):
        not_yet(1, "z = mean + standard deviation * eps, elementwise, with log_var the log of the variance")
    return passed(1)


def exercise_2(kl_divergence):
    """``kl_divergence(mean, log_var)``: KL(N(mean, exp(log_var)) || N(0, I)) per row."""
    rng = np.random.default_rng(1)
    mean, log_var = rng.normal(size=(6, 2)), rng.normal(size=(6, 2))
    terms = 1 + log_var - mean**2 - np.exp(log_var)
    expected = -0.5 * terms.sum(axis=1)
    got = array_of(2, run(2, kl_divergence, mean, log_var), "kl_divergence(mean, log_var)")
    if got.shape != expected.shape:
        not_yet(2, f"one KL per row (image): expected shape {expected.shape}, got {got.shape}; sum over axis 1 only")
    if np.allclose(got, -expected):
        not_yet(2, "the sign is flipped: a KL divergence is never negative")
    if np.allclose(got, -terms.sum(axis=1)):
        not_yet(2, "you lost the factor 1/2")
    if not np.allclose(got, expected):
        not_yet(2, "-1/2 * sum over latent dimensions of (1 + log_var - mean^2 - exp(log_var))")
    return passed(2)
