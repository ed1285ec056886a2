"""Exercise checks for notebook 11 (variational autoencoders)."""

import numpy as np

from ._feedback import array_of, not_yet, passed, run


def exercise_1(reparameterization_gradients):
    """``reparameterization_gradients(mean, log_var, eps)`` -> ``(dz/dmean, dz/dlog_var)``, elementwise.

    ``dz/dmean`` is checked against its exact value, 1; ``dz/dlog_var`` against
    central finite differences of ``z = mean + exp(log_var / 2) * eps``.
    """
    rng = np.random.default_rng(0)
    mean, log_var, eps = rng.normal(size=(5, 3)), rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    answer = run(1, reparameterization_gradients, mean, log_var, eps)
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        not_yet(1, "return a pair (dz_dmean, dz_dlog_var), one array each, of the shape of mean")
    d_mean = array_of(1, np.broadcast_to(answer[0], mean.shape) if np.ndim(answer[0]) == 0 else answer[0],
                      "dz_dmean", mean.shape)
    d_log_var = array_of(1, answer[1], "dz_dlog_var", mean.shape)
    if not np.allclose(d_mean, 1.0):
        not_yet(1, "z moves one for one with the mean, whatever the noise: look again at dz_dmean")
    sd = np.exp(0.5 * log_var)
    if np.allclose(d_log_var, eps) or np.allclose(d_log_var, sd * eps * 2):
        not_yet(1, "log_var enters z through s = exp(log_var / 2): differentiate that too (chain rule)")
    if np.allclose(d_log_var, sd):
        not_yet(1, "the noise multiplies s in z, so it stays in the derivative")
    if np.allclose(d_log_var, np.exp(log_var) * eps) or np.allclose(d_log_var, 0.5 * np.exp(log_var) * eps):
        not_yet(1, "exp(log_var) is the variance; z contains the standard deviation s")
    h = 1e-6
    numeric = ((mean + np.exp(0.5 * (log_var + h)) * eps) - (mean + np.exp(0.5 * (log_var - h)) * eps)) / (2 * h)
    if not np.allclose(d_log_var, numeric, rtol=1e-5, atol=1e-8):
        not_yet(1, "dz_dlog_var does not match a finite-difference derivative of z; write z with log_var in it and differentiate")
    return passed(1, "dz/dmean is 1 and dz/dlog_var matches finite differences of z.")


def _kl_to_prior(mean, log_var, prior_mean, prior_log_var):
    return 0.5 * np.sum(prior_log_var - log_var + (np.exp(log_var) + (mean - prior_mean) ** 2) / np.exp(prior_log_var) - 1,
                        axis=1)


def exercise_2(kl_to_prior):
    """``kl_to_prior(mean, log_var, prior_mean, prior_log_var)``: KL(N(mean, s^2) || N(prior_mean, sigma^2)) per row.

    Checked on random arrays against the closed form, for a random Gaussian
    prior and for the standard normal prior (where it must give the section-1
    formula).
    """
    rng = np.random.default_rng(1)
    mean, log_var = rng.normal(size=(6, 2)), rng.normal(size=(6, 2))
    prior_mean, prior_log_var = rng.normal(size=2), rng.normal(size=2)
    expected = _kl_to_prior(mean, log_var, prior_mean, prior_log_var)
    got = array_of(2, run(2, kl_to_prior, mean, log_var, prior_mean, prior_log_var), "kl_to_prior(...)")
    if got.shape != expected.shape:
        not_yet(2, f"one KL per row (image): expected shape {expected.shape}, got {got.shape}; sum over the latent axis only")
    standard = -0.5 * np.sum(1 + log_var - mean**2 - np.exp(log_var), axis=1)
    if np.allclose(got, standard):
        not_yet(2, "that is the KL to N(0, I): the prior's mean and variance must enter too")
    if np.allclose(got, -expected):
        not_yet(2, "the sign is flipped: a KL divergence is never negative")
    reverse = _kl_to_prior(np.broadcast_to(prior_mean, mean.shape), np.broadcast_to(prior_log_var, mean.shape), mean, log_var)
    if np.allclose(got, reverse):
        not_yet(2, "that is KL(prior || q): the divergence is not symmetric; the expectation is under q, the encoder's Gaussian")
    zeros = np.zeros(2)
    at_standard = array_of(2, run(2, kl_to_prior, mean, log_var, zeros, zeros), "kl_to_prior(..., 0, 0)")
    if not np.allclose(at_standard, standard):
        not_yet(2, "with prior_mean = 0 and prior_log_var = 0 your function should give the KL of section 1; it does not")
    if not np.allclose(got, expected):
        not_yet(2, "right for the standard normal prior, not for others: check how the prior's variance divides "
                   "the squared distance and the encoder's variance, and the log of the variance ratio")
    return passed(2, "It matches the closed form for a random Gaussian prior and the section-1 KL for the standard normal prior.")
