"""utils.noise, utils.ct and metrics.psnr (against scikit-image)."""

import numpy as np
import pytest
from skimage.metrics import peak_signal_noise_ratio

from utils import ct, metrics, noise

keras = pytest.importorskip("keras")

RNG = np.random.default_rng(0)
IMAGES = RNG.random((6, 12, 12)).astype("float32")


def test_psnr_matches_scikit_image():
    noisy = noise.add_gaussian_noise(IMAGES, 0.1, seed=0)
    expected = np.mean([peak_signal_noise_ratio(a, b, data_range=1.0) for a, b in zip(IMAGES, noisy)])
    assert np.isclose(metrics.psnr(IMAGES, noisy), expected)
    assert np.isclose(metrics.psnr(IMAGES[0], noisy[0]), peak_signal_noise_ratio(IMAGES[0], noisy[0], data_range=1.0))
    with pytest.raises(ValueError, match="infinite"):
        metrics.psnr(IMAGES, IMAGES)


def test_gaussian_noise_level_range_and_seed():
    flat = np.full((200, 20, 20), 0.5, "float32")
    noisy = noise.add_gaussian_noise(flat, 0.1, seed=3)
    assert noisy.dtype == np.float32 and 0 <= noisy.min() and noisy.max() <= 1
    assert abs(np.std(noisy - flat) - 0.1) < 0.005
    np.testing.assert_array_equal(noisy, noise.add_gaussian_noise(flat, 0.1, seed=3))
    assert not np.array_equal(noisy, noise.add_gaussian_noise(flat, 0.1, seed=4))
    np.testing.assert_array_equal(noise.add_gaussian_noise(flat, 0, seed=0), flat)


def test_mask_pixels():
    ones = np.ones((100, 10, 10), "float32")
    masked = noise.mask_pixels(ones, 0.3, seed=0)
    assert set(np.unique(masked)) == {0.0, 1.0} and abs((masked == 0).mean() - 0.3) < 0.02


def test_masking_layer_acts_in_training_only_and_round_trips(tmp_path):
    layer = noise.MaskingNoise(0.5, seed=1)
    x = np.ones((64, 16), "float32")
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(layer(x)), x)
    trained = keras.ops.convert_to_numpy(layer(x, training=True))
    assert set(np.unique(trained)) == {0.0, 1.0} and 0.4 < (trained == 0).mean() < 0.6  # no rescaling
    model = keras.Sequential([keras.Input((16,)), noise.MaskingNoise(0.2, seed=5), keras.layers.Dense(3)])
    model.save(tmp_path / "m.keras")
    reloaded = keras.models.load_model(tmp_path / "m.keras")
    assert reloaded.layers[0].rate == 0.2 and reloaded.layers[0].seed == 5


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: noise.add_gaussian_noise(IMAGES, -0.1, seed=0), r"sigma \(the noise level\) must be a number >= 0"),
        (lambda: noise.add_gaussian_noise(IMAGES * 2, 0.1, seed=0), r"values in \[0, 1\]"),
        (lambda: noise.mask_pixels(IMAGES, 1.0, seed=0), r"rate \(a probability\) must be a number in \[0, 1\)"),
        (lambda: noise.MaskingNoise(-0.2), r"rate \(a probability\) must be a number in \[0, 1\)"),
        (lambda: noise.square_holes(4, seed=0, image_size=12, hole=9, margin=2), "does not fit"),
        (lambda: noise.diffusion_fill(IMAGES[..., None], np.zeros((1, 1), bool)), "3-dimensional"),
        (lambda: noise.diffusion_fill(np.zeros((2, 8, 8)), np.zeros((2, 8, 8))), "boolean mask"),
        (lambda: noise.diffusion_fill(np.zeros((2, 8, 8)), np.zeros((2, 8, 7), bool)), "boolean mask"),
        (lambda: ct.simulate_ct(np.zeros((8, 9)), 1e3, seed=0), "square"),
        (lambda: ct.simulate_ct(np.zeros((16, 16)), 0, seed=0), r"photons \(the dose\) must be a number > 0"),
        (lambda: ct.simulate_ct(np.zeros((16, 16)), [300, -1], seed=0), r"photons \(the dose\) must be a number > 0"),
        (lambda: ct.simulate_ct(np.zeros((16, 16)), [], seed=0), "at least one dose"),
        (lambda: ct.random_phantom(8, seed=0), ">= 16"),
        (lambda: ct.simulate_ct(np.zeros((16, 16)), 1e3, seed=0, filter_name="gauss"), "filter_name must be one of"),
        (lambda: metrics.psnr(IMAGES, IMAGES + 0.1, data_range=0), "data_range"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_square_holes():
    holes = noise.square_holes(500, seed=3)
    assert holes.shape == (500, 28, 28) and holes.dtype == bool
    assert (holes.sum(axis=(1, 2)) == 81).all()                       # one 9x9 square per digit
    rows, cols = np.nonzero(holes.any(axis=0))
    assert rows.min() == 5 and rows.max() == 22 and cols.min() == 5 and cols.max() == 22   # 5-pixel margins, all reached
    np.testing.assert_array_equal(holes, noise.square_holes(500, seed=3))
    assert not np.array_equal(holes, noise.square_holes(500, seed=4))


def test_diffusion_fill_recovers_smooth_images_and_keeps_known_pixels():
    rows, cols = np.mgrid[0:28, 0:28] / 27.0
    ramp = np.stack([0.2 + 0.5 * rows + 0.3 * cols, np.full((28, 28), 0.7)])   # linear images: diffusion is exact on them
    holes = noise.square_holes(2, seed=0)
    filled = noise.diffusion_fill(ramp, holes, rounds=400)
    np.testing.assert_allclose(filled, ramp, atol=1e-3)
    np.testing.assert_array_equal(filled[~holes], ramp[~holes].astype(np.float32))
    # what lay inside the holes is never read: a different content there gives the same fill
    scribbled = np.where(holes, 1.0, ramp)
    np.testing.assert_array_equal(noise.diffusion_fill(scribbled, holes, rounds=400), filled)


def test_phantoms_and_dose():
    phantom = ct.random_phantom(48, seed=0)
    assert phantom.shape == (48, 48) and 0 <= phantom.min() and phantom.max() <= 1 and phantom.max() == 1
    assert not np.array_equal(phantom, ct.random_phantom(48, seed=1))
    np.testing.assert_array_equal(phantom, ct.random_phantom(48, seed=0))
    low = ct.simulate_ct(phantom, 3e2, seed=0)
    high = ct.simulate_ct(phantom, 1e6, seed=0)
    assert low.shape == phantom.shape and low.dtype == np.float32
    assert metrics.psnr(phantom, high) > metrics.psnr(phantom, low) + 2  # a higher dose, a cleaner image
    # several doses at once: one projection, the same numbers as separate calls
    both = ct.simulate_ct(phantom, [3e2, 1e6], seed=0)
    assert both.shape == (2, 48, 48)
    np.testing.assert_array_equal(both[0], low)
    np.testing.assert_array_equal(both[1], high)


def test_smoothing_filter_reconstructs_the_same_measurement_with_less_noise():
    phantom = ct.random_phantom(48, seed=0)
    ramp = ct.simulate_ct(phantom, [3e2, 1e6], seed=0)
    np.testing.assert_array_equal(ramp, ct.simulate_ct(phantom, [3e2, 1e6], seed=0, filter_name="ramp"))   # the default
    hann = ct.simulate_ct(phantom, [3e2, 1e6], seed=0, filter_name="hann")
    assert hann.shape == ramp.shape and hann.dtype == np.float32
    assert not np.array_equal(hann, ramp)
    # the same counts (same seed), reconstructed with a smoothing window: the dose's noise shrinks
    assert np.std(hann[0] - hann[1]) < 0.7 * np.std(ramp[0] - ramp[1])
    assert set(ct.FBP_FILTERS) == {"ramp", "shepp-logan", "cosine", "hamming", "hann"}
