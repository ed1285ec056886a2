"""utils.metrics.phase_pattern, the checkerboard measure of notebook 09."""

import numpy as np
import pytest

from utils import metrics


def test_a_checkerboard_is_seen_and_its_sign_kept():
    board = np.indices((8, 8)).sum(axis=0) % 2 * 2.0 - 1    # -1 / +1, +1 where i + j is odd
    pattern, error = metrics.phase_pattern(board)
    assert np.allclose(pattern, [[-1, 1], [1, -1]]) and np.all(error == 0)
    # squared values, the old measure, are the same at every phase: it cannot see the board
    assert np.allclose(metrics.phase_pattern(board ** 2)[0], 0)


def test_flat_and_smooth_images_have_no_pattern():
    assert np.allclose(metrics.phase_pattern(np.full((3, 8, 8), 0.7))[0], 0)
    ramp = np.add.outer(np.arange(8.0), np.zeros(8))            # rows 0..7: phase means differ by the slope only
    assert np.allclose(metrics.phase_pattern(ramp)[0], [[-0.5, -0.5], [0.5, 0.5]])


def test_period_four_sees_what_period_two_cannot():
    stripe = np.tile([0.0, 1.0, 1.0, 0.0], (8, 2))              # columns repeat 0 1 1 0: period 4
    assert np.allclose(metrics.phase_pattern(stripe, period=2)[0], 0)
    assert np.allclose(metrics.phase_pattern(stripe, period=4)[0], np.tile([-0.5, 0.5, 0.5, -0.5], (4, 1)))


def test_pattern_locked_to_the_grid_survives_averaging_and_noise_shrinks():
    rng = np.random.default_rng(0)
    board = np.indices((16, 16)).sum(axis=0) % 2 * 0.02
    noise = rng.normal(0, 0.5, (4000, 16, 16))
    pattern, error = metrics.phase_pattern(noise + board)
    assert np.allclose(pattern, [[-0.01, 0.01], [0.01, -0.01]], atol=5 * error.max())
    assert 0 < error.max() < 0.002
    shifted = np.roll(noise + board, 1, axis=2)                 # moved by one column: the phases swap columns
    assert np.allclose(metrics.phase_pattern(shifted)[0], pattern[:, ::-1])


@pytest.mark.parametrize("images, period, error", [
    (np.zeros((2, 7, 8)), 2, ValueError),
    (np.zeros((2, 8, 8)), 3, ValueError),
    (np.zeros((0, 8, 8)), 2, ValueError),
    (np.zeros(8), 2, ValueError),
    (np.zeros((8, 8)), 1, ValueError),
    (np.zeros((8, 8)), 2.5, TypeError),
])
def test_bad_input(images, period, error):
    with pytest.raises(error):
        metrics.phase_pattern(images, period)
