"""utils.hints: colour hints and the three fills they are compared with (notebook 10)."""

import numpy as np
import pytest
import scipy.sparse
import scipy.sparse.linalg

from utils import hints

RNG = np.random.default_rng(0)


def _disc_masks(n=3, size=24):
    rows, cols = np.mgrid[:size, :size]
    disc = (rows - size / 2) ** 2 + (cols - size / 2) ** 2 < (size / 3) ** 2
    return np.repeat(disc[None], n, axis=0)


def test_hint_points_are_seeded_and_their_blocks_lie_inside_the_mask():
    masks = _disc_masks()
    points = hints.sample_hint_points(masks, [1, 3, 10], seed=5)
    assert [len(p) for p in points] == [1, 3, 10]
    for mask, centres in zip(masks, points):
        assert len({tuple(c) for c in centres}) == len(centres)          # no click twice
        for row, col in centres:
            assert mask[row - 1:row + 2, col - 1:col + 2].all()          # the whole 3x3 block
    again = hints.sample_hint_points(masks, [1, 3, 10], seed=5)
    assert all(np.array_equal(a, b) for a, b in zip(points, again))
    other = hints.sample_hint_points(masks, [1, 3, 10], seed=6)
    assert not all(np.array_equal(a, b) for a, b in zip(points, other))


def test_a_mask_too_thin_for_a_block_still_gets_its_clicks():
    masks = np.zeros((1, 10, 10), bool)
    masks[0, 5, :] = True                                                # a line one pixel wide
    (centres,) = hints.sample_hint_points(masks, 4, seed=0)
    assert len(centres) == 4 and all(masks[0, r, c] for r, c in centres)


def test_render_gives_each_block_its_mean_chroma():
    chroma = RNG.normal(size=(1, 8, 8, 2)).astype(np.float32)
    hint_chroma, hint_mask = hints.render_hints(chroma, [np.array([[2, 3]])])
    assert hint_mask.sum() == 9 and hint_mask[0, 1:4, 2:5].all()
    np.testing.assert_allclose(hint_chroma[0, 2, 3], chroma[0, 1:4, 2:5].reshape(-1, 2).mean(axis=0), rtol=1e-6)
    assert np.all(hint_chroma[0][~hint_mask[0]] == 0)


def _reference_harmonic(hint_chroma, hint_mask):
    """The discrete Laplace equation with the hints fixed, solved by a sparse direct solver."""
    height, width = hint_mask.shape
    index = np.arange(height * width).reshape(height, width)
    pairs = [(index[:, :-1], index[:, 1:]), (index[:-1], index[1:])]
    rows = np.concatenate([np.concatenate([a.ravel(), b.ravel()]) for a, b in pairs])
    cols = np.concatenate([np.concatenate([b.ravel(), a.ravel()]) for a, b in pairs])
    adjacency = scipy.sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(height * width,) * 2)
    laplacian = (scipy.sparse.diags(np.asarray(adjacency.sum(axis=1)).ravel()) - adjacency).tocsr()
    known, values = hint_mask.ravel(), hint_chroma.reshape(-1, 2).astype(np.float64)
    free = ~known
    solved = values.copy()
    solved[free] = scipy.sparse.linalg.spsolve(laplacian[free][:, free].tocsc(), -laplacian[free][:, known] @ values[known])
    return solved.reshape(height, width, 2)


def test_diffusion_fill_is_the_harmonic_interpolation():
    chroma = RNG.normal(size=(2, 20, 17, 2))
    masks = np.ones((2, 20, 17), bool)
    hint_chroma, hint_mask = hints.render_hints(chroma, hints.sample_hint_points(masks, [4, 7], seed=1))
    filled = hints.diffusion_fill(hint_chroma, hint_mask)
    for i in range(2):
        np.testing.assert_allclose(filled[i], _reference_harmonic(hint_chroma[i], hint_mask[i]), atol=1e-5)
        np.testing.assert_allclose(filled[i][hint_mask[i]], hint_chroma[i][hint_mask[i]], atol=1e-5)
    # every pixel off the hints is the mean of its neighbours (inside the image, away from the border)
    inner = filled[0, 1:-1, 1:-1]
    neighbours = (filled[0, :-2, 1:-1] + filled[0, 2:, 1:-1] + filled[0, 1:-1, :-2] + filled[0, 1:-1, 2:]) / 4
    free = ~hint_mask[0, 1:-1, 1:-1]
    np.testing.assert_allclose(inner[free], neighbours[free], atol=1e-5)


def test_with_one_hint_every_fill_is_that_hint():
    chroma = RNG.normal(size=(1, 12, 12, 2))
    hint_chroma, hint_mask = hints.render_hints(chroma, [np.array([[5, 6]])])
    colour = hint_chroma[0, 5, 6]
    for fill in (hints.mean_of_hints, hints.nearest_hint_fill, hints.diffusion_fill):
        np.testing.assert_allclose(fill(hint_chroma, hint_mask)[0], np.broadcast_to(colour, (12, 12, 2)), atol=1e-5)


def test_mean_and_nearest_fills():
    hint_chroma = np.zeros((1, 5, 9, 2), np.float32)
    hint_mask = np.zeros((1, 5, 9), bool)
    hint_chroma[0, 2, 0], hint_mask[0, 2, 0] = [1.0, 0.0], True
    hint_chroma[0, 2, 8], hint_mask[0, 2, 8] = [0.0, 1.0], True
    np.testing.assert_allclose(hints.mean_of_hints(hint_chroma, hint_mask)[0], np.full((5, 9, 2), 0.5))
    nearest = hints.nearest_hint_fill(hint_chroma, hint_mask)[0]
    np.testing.assert_allclose(nearest[:, :4], np.broadcast_to([1.0, 0.0], (5, 4, 2)))
    np.testing.assert_allclose(nearest[:, 5:], np.broadcast_to([0.0, 1.0], (5, 4, 2)))


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: hints.sample_hint_points(np.ones((2, 8, 8)), 3, seed=0), ValueError, "boolean"),
        (lambda: hints.sample_hint_points(np.ones((8, 8), bool), 3, seed=0), ValueError, "boolean array \\(n, height, width\\)"),
        (lambda: hints.sample_hint_points(np.zeros((1, 8, 8), bool), 3, seed=0), ValueError, "at least one pixel"),
        (lambda: hints.sample_hint_points(np.ones((2, 8, 8), bool), 0, seed=0), ValueError, "at least 1"),
        (lambda: hints.sample_hint_points(np.ones((2, 8, 8), bool), 2.5, seed=0), ValueError, "whole numbers"),
        (lambda: hints.sample_hint_points(np.ones((2, 8, 8), bool), [1, 2, 3], seed=0), ValueError, "one per photograph"),
        (lambda: hints.sample_hint_points(np.ones((2, 8, 8), bool), 2, seed=0, size=4), ValueError, "odd"),
        (lambda: hints.sample_hint_points(np.ones((2, 8, 8), bool), 2, seed=-1), ValueError, "seed"),
        (lambda: hints.render_hints(np.zeros((1, 8, 8, 3)), [np.array([[1, 1]])]), ValueError, "U and V"),
        (lambda: hints.render_hints(np.zeros((2, 8, 8, 2)), [np.array([[1, 1]])]), ValueError, "for 1 photographs"),
        (lambda: hints.render_hints(np.zeros((1, 8, 8, 2)), [np.array([[9, 1]])]), ValueError, "outside"),
        (lambda: hints.render_hints(np.zeros((1, 8, 8, 2)), [np.zeros((0, 2), int)]), ValueError, "non-empty"),
        (lambda: hints.diffusion_fill(np.zeros((1, 8, 8, 2)), np.zeros((1, 8, 8), bool)), ValueError, "at least one hint"),
        (lambda: hints.diffusion_fill(np.zeros((1, 8, 8, 2)), np.ones((1, 8, 7), bool)), ValueError, "shape"),
        (lambda: hints.nearest_hint_fill(np.zeros((1, 8, 8)), np.ones((1, 8, 8), bool)), ValueError, "4-dimensional"),
        (lambda: hints.mean_of_hints(np.zeros((1, 8, 8, 2)), np.ones((1, 8, 8))), ValueError, "boolean"),
        (lambda: hints.diffusion_fill(np.zeros((1, 40, 40, 2)), np.ones((1, 40, 40), bool)), ValueError, "at most 1000"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
