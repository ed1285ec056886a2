"""utils.metrics against scikit-learn and direct linear algebra."""

import numpy as np
import pytest
from sklearn.metrics import mean_squared_error

from utils import metrics

RNG = np.random.default_rng(0)


def test_mse_and_per_observation_mse():
    x, x_hat = RNG.normal(size=(6, 4, 5)), RNG.normal(size=(6, 4, 5))
    assert np.isclose(metrics.mse(x, x_hat), mean_squared_error(x.reshape(6, -1), x_hat.reshape(6, -1)))
    per_row = metrics.per_observation_mse(x, x_hat)
    assert per_row.shape == (6,)
    np.testing.assert_allclose(per_row, [np.sum((a - b) ** 2) / 20 for a, b in zip(x, x_hat)])
    assert np.isclose(per_row.mean(), metrics.mse(x, x_hat))


def test_principal_angles():
    basis = np.linalg.qr(RNG.normal(size=(6, 2)))[0]
    mixed = basis @ np.array([[2.0, 1.0], [0.5, -3.0]])  # same plane, other basis
    np.testing.assert_allclose(metrics.principal_angles(basis, mixed), [0, 0], atol=1e-6)
    e = np.eye(3)
    np.testing.assert_allclose(metrics.principal_angles(e[:, :1], e[:, 1:2]), [90])
    tilted = np.array([[np.cos(np.radians(30))], [np.sin(np.radians(30))], [0.0]])
    np.testing.assert_allclose(metrics.principal_angles(e[:, :1], tilted), [30])


def test_pca_reconstruction_mse_matches_svd():
    x = RNG.normal(size=(50, 8)) @ RNG.normal(size=(8, 8))
    centred = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    projected = centred @ vt[:3].T @ vt[:3]
    assert np.isclose(metrics.pca_reconstruction_mse(x, x, 3), np.mean((centred - projected) ** 2))
    assert np.isclose(metrics.pca_reconstruction_mse(x, x, 8), 0, atol=1e-20)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: metrics.mse(np.zeros(3), np.zeros(4)), ValueError, "same shape"),
        (lambda: metrics.mse(np.zeros(3), np.zeros(3, dtype=bool)), TypeError, "real numbers"),
        (lambda: metrics.per_observation_mse(np.zeros(3), np.zeros(3)), ValueError, "first axis"),
        (lambda: metrics.principal_angles(np.ones((3, 1)), np.ones((4, 1))), ValueError, "same space"),
        (lambda: metrics.principal_angles(np.ones((3, 2)), np.eye(3)[:, :2]), ValueError, "linearly independent"),
        (lambda: metrics.principal_angles(np.ones(3), np.ones(3)), ValueError, "2-dimensional"),
        (lambda: metrics.pca_reconstruction_mse(np.ones((5, 3)), np.ones((5, 4)), 1), ValueError, "same features"),
        (lambda: metrics.pca_reconstruction_mse(np.ones((5, 3)), np.ones((5, 3)), 4), ValueError, "at most 3"),
        (lambda: metrics.pca_reconstruction_mse(np.ones((5, 3)), np.ones((5, 3)), 0), ValueError, ">= 1"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_masked_mse_counts_only_the_masked_pixels():
    x = np.zeros((2, 3, 3, 2))
    x_hat = np.zeros((2, 3, 3, 2))
    x_hat[0, 0, 0] = [1.0, 3.0]                  # pixel error (1 + 9) / 2 = 5
    x_hat[1, 2, 2] = [100.0, 100.0]              # outside the second mask: ignored
    masks = np.ones((2, 3, 3), bool)
    masks[1, 2, 2] = False
    np.testing.assert_allclose(metrics.masked_mse(x, x_hat, masks), [5 / 9, 0.0])
    np.testing.assert_allclose(metrics.masked_mse(x[..., 0], x_hat[..., 0], masks), [1 / 9, 0.0])  # no channel axis
    full = np.ones((2, 3, 3), bool)
    np.testing.assert_allclose(metrics.masked_mse(x, x_hat, full), metrics.per_observation_mse(x, x_hat))
    with pytest.raises(ValueError, match="masks must be boolean"):
        metrics.masked_mse(x, x_hat, masks.astype(int))
    with pytest.raises(ValueError, match="at least one pixel"):
        metrics.masked_mse(x, x_hat, np.zeros((2, 3, 3), bool))
    with pytest.raises(ValueError, match="same shape"):
        metrics.masked_mse(x, x_hat[:1], masks)


def test_paired_comparison():
    baseline = np.array([1.0, 2.0, 3.0, 4.0])
    better = baseline - np.array([0.1, 0.2, 0.1, 0.2])
    c = metrics.paired_comparison(better, baseline)
    assert np.isclose(c["ratio"], better.mean() / baseline.mean())
    assert np.isclose(c["difference"], -0.15) and c["wins"] == 1.0
    assert np.isclose(c["spread"], np.std([-0.1, -0.2, -0.1, -0.2], ddof=1))
    half = 2 * c["spread"] / 2                                 # two standard errors, sqrt(4) = 2 items
    np.testing.assert_allclose(c["interval"], (-0.15 - half, -0.15 + half))
    assert c["interval"][1] < 0
    mixed = metrics.paired_comparison(baseline + np.array([-1.0, 1.0, -1.0, 1.0]), baseline)
    assert mixed["wins"] == 0.5 and mixed["interval"][0] < 0 < mixed["interval"][1]   # no evidence either way
    with pytest.raises(ValueError, match="paired"):
        metrics.paired_comparison(baseline, baseline[:3])
    with pytest.raises(ValueError, match="1-dimensional"):
        metrics.paired_comparison(baseline[:, None], baseline[:, None])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_mean_ssim_matches_scikit_image_image_by_image(dtype):
    from skimage.metrics import structural_similarity

    rng = np.random.default_rng(0)
    x = rng.random((20, 28, 28)).astype(dtype)
    x[:, :6] = 0.0                                       # flat black rows, as on a digit's border
    x_hat = np.clip(x + rng.normal(0, 0.3, x.shape), 0, 1).astype(dtype)
    expected = np.mean([structural_similarity(a, b, data_range=1.0) for a, b in zip(x, x_hat)])
    assert metrics.mean_ssim(x, x_hat) == pytest.approx(expected, abs=1e-12)
    assert metrics.mean_ssim(x, x) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same shape"):
        metrics.mean_ssim(x, x_hat[:3])
    with pytest.raises(ValueError, match="at least 7x7"):
        metrics.mean_ssim(x[:, :5, :5], x_hat[:, :5, :5])
