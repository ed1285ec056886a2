"""Colour hints for user-guided colorization, and the fills a user would try first.

Introduced in notebook 10. A user clicks ``k`` pixels of a black-and-white
photograph and names their colours (Zhang et al., "Real-Time User-Guided
Image Colorization with Learned Deep Priors", 2017). Here a hint is a
``size x size`` block (3x3 by default) inside the photograph's mask that
carries the block's mean true chroma ``(U, V)``; :func:`sample_hint_points`
draws the clicks (seeded) and :func:`render_hints` turns them into the two
arrays a network is given: the hint chroma and a mask of where hints are.

The three fills are the baselines any colorizer told the same hints must
beat, each a whole chroma image ``(n, H, W, 2)``:

- :func:`mean_of_hints`: the whole photograph painted with the mean of its hints;
- :func:`nearest_hint_fill`: every pixel takes the chroma of its nearest hint pixel;
- :func:`diffusion_fill`: the hints spread by diffusion, i.e. the harmonic
  interpolation (the discrete Laplace equation solved exactly, with the hint
  pixels held fixed and no flow across the border).
"""

import numpy as np
import scipy.fft
import scipy.ndimage

from ._validate import as_int, as_numeric_array

MAX_HINT_PIXELS = 1000  # the linear system grows with the square of the hint pixels

__all__ = ["sample_hint_points", "render_hints", "mean_of_hints", "nearest_hint_fill", "diffusion_fill"]


def _check_masks(masks, name):
    masks = np.asarray(masks)
    if masks.dtype != bool or masks.ndim != 3:
        raise ValueError(f"{name} must be a boolean array (n, height, width), got dtype {masks.dtype} and shape {masks.shape}")
    return masks


def sample_hint_points(masks, k, seed, size=3):
    """Draw the centres of ``k`` hint blocks per photograph, inside its mask: a list of ``(k_i, 2)`` int arrays.

    ``masks`` is a boolean ``(n, H, W)`` array of the pixels that belong to
    each photograph; ``k`` is one count for all photographs or one per
    photograph (each at least 1). Centres are drawn without repetition among
    the pixels whose whole ``size x size`` block lies inside the mask (among
    all mask pixels when the mask is too thin for a block). The same
    ``seed`` gives the same clicks.
    """
    masks = _check_masks(masks, "masks")
    if not masks.any(axis=(1, 2)).all():
        raise ValueError("every photograph's mask must contain at least one pixel")
    size = as_int(size, "size", minimum=1)
    if size % 2 == 0:
        raise ValueError(f"size must be odd (a block centred on the clicked pixel), got {size}")
    counts = np.asarray(k)
    if counts.ndim > 1 or (counts.ndim == 1 and len(counts) != len(masks)):
        raise ValueError(f"k must be one count, or one per photograph ({len(masks)}), got shape {counts.shape}")
    counts = np.broadcast_to(counts, (len(masks),))
    if not np.issubdtype(counts.dtype, np.integer) or counts.min() < 1:
        raise ValueError(f"k must be whole numbers of at least 1 (one per photograph or one for all), got {k!r}")
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    points = []
    for mask, count in zip(masks, counts):
        inner = scipy.ndimage.binary_erosion(mask, np.ones((size, size), bool), border_value=0)
        candidates = np.argwhere(inner if inner.any() else mask)
        chosen = rng.choice(len(candidates), size=int(count), replace=len(candidates) < count)
        points.append(candidates[chosen])
    return points


def render_hints(chroma, points, size=3):
    """The hints as a network sees them: ``(hint_chroma, hint_mask)``.

    ``chroma`` is the true ``(U, V)`` of the photographs, ``(n, H, W, 2)``;
    ``points`` the centres from :func:`sample_hint_points`. Each block of
    ``size x size`` pixels around a centre gets the mean true chroma of that
    block (one colour per click, as a user names one colour); ``hint_chroma``
    is 0 elsewhere and ``hint_mask`` (bool ``(n, H, W)``) marks the hint
    pixels. Returns float32 chroma.
    """
    chroma = as_numeric_array(chroma, "chroma", ndim=4)
    if chroma.shape[-1] != 2:
        raise ValueError(f"chroma must be (n, height, width, 2): U and V on the last axis, got shape {chroma.shape}")
    if len(points) != len(chroma):
        raise ValueError(f"got hint points for {len(points)} photographs and chroma for {len(chroma)}")
    size = as_int(size, "size", minimum=1)
    n, height, width, _ = chroma.shape
    hint_chroma = np.zeros((n, height, width, 2), np.float32)
    hint_mask = np.zeros((n, height, width), bool)
    half = size // 2
    for i, centres in enumerate(points):
        centres = np.asarray(centres)
        if centres.ndim != 2 or centres.shape[1] != 2 or len(centres) == 0:
            raise ValueError(f"points[{i}] must be a non-empty (k, 2) array of (row, col) centres, got shape {centres.shape}")
        for row, col in centres:
            if not (0 <= row < height and 0 <= col < width):
                raise ValueError(f"points[{i}] has a centre ({row}, {col}) outside a {height}x{width} photograph")
            block = (i, slice(max(row - half, 0), row + half + 1), slice(max(col - half, 0), col + half + 1))
            hint_chroma[block] = chroma[block].reshape(-1, 2).mean(axis=0)
            hint_mask[block] = True
    return hint_chroma, hint_mask


def _check_hints(hint_chroma, hint_mask):
    hint_chroma = as_numeric_array(hint_chroma, "hint_chroma", ndim=4)
    hint_mask = _check_masks(hint_mask, "hint_mask")
    if hint_chroma.shape != hint_mask.shape + (2,):
        raise ValueError(f"hint_chroma must be hint_mask's shape plus 2 chroma channels: got {hint_chroma.shape} "
                         f"and {hint_mask.shape}")
    if not hint_mask.any(axis=(1, 2)).all():
        raise ValueError("every photograph needs at least one hint pixel")
    return hint_chroma.astype(np.float64), hint_mask


def mean_of_hints(hint_chroma, hint_mask):
    """Each photograph painted with one colour, the mean chroma of its hint pixels: ``(n, H, W, 2)`` float32."""
    hint_chroma, hint_mask = _check_hints(hint_chroma, hint_mask)
    mean = (hint_chroma * hint_mask[..., None]).sum(axis=(1, 2)) / hint_mask.sum(axis=(1, 2))[:, None]
    return np.broadcast_to(mean[:, None, None, :], hint_chroma.shape).astype(np.float32)


def nearest_hint_fill(hint_chroma, hint_mask):
    """Every pixel takes the chroma of its nearest hint pixel (Euclidean distance): ``(n, H, W, 2)`` float32."""
    hint_chroma, hint_mask = _check_hints(hint_chroma, hint_mask)
    filled = np.empty(hint_chroma.shape, np.float32)
    for i, (chroma, mask) in enumerate(zip(hint_chroma, hint_mask)):
        rows, cols = scipy.ndimage.distance_transform_edt(~mask, return_distances=False, return_indices=True)
        filled[i] = chroma[rows, cols]
    return filled


def _neumann_green(height, width):
    """The DCT basis and the inverse eigenvalues of the grid Laplacian with no flow across the border."""
    basis_rows = scipy.fft.dct(np.eye(height), axis=0, norm="ortho")  # [frequency, pixel]
    basis_cols = scipy.fft.dct(np.eye(width), axis=0, norm="ortho")
    eigen = (2 - 2 * np.cos(np.pi * np.arange(height) / height))[:, None] + \
            (2 - 2 * np.cos(np.pi * np.arange(width) / width))[None, :]
    inverse = np.zeros_like(eigen)
    inverse[eigen > 1e-12] = 1 / eigen[eigen > 1e-12]  # the constant image is the null space: left out
    return basis_rows, basis_cols, inverse


def diffusion_fill(hint_chroma, hint_mask):
    """The hints spread by diffusion until nothing changes: the harmonic interpolation, ``(n, H, W, 2)`` float32.

    Each pixel off the hints ends as the mean of its four neighbours (the
    discrete Laplace equation; at the border, of the neighbours it has), and
    the hint pixels keep their chroma. That is the state heat diffusion
    reaches after infinitely many rounds (notebook 07's ``diffusion_fill``
    runs a fixed number). It is solved exactly, not iterated: with ``G`` the
    Laplacian's pseudo-inverse, which the discrete cosine transform
    diagonalises, the fill is ``G f + c`` with sources ``f`` on the ``m`` hint
    pixels only, found from an ``(m + 1) x (m + 1)`` linear system (values
    at the hints, and sources that sum to zero). With one hint the fill is
    that hint's colour everywhere.
    """
    hint_chroma, hint_mask = _check_hints(hint_chroma, hint_mask)
    n, height, width, _ = hint_chroma.shape
    basis_rows, basis_cols, inverse = _neumann_green(height, width)
    filled = np.empty(hint_chroma.shape, np.float32)
    for i in range(n):
        rows, cols = np.nonzero(hint_mask[i])
        m = len(rows)
        if m > MAX_HINT_PIXELS:
            raise ValueError(f"photograph {i} has {m} hint pixels; diffusion_fill solves for at most {MAX_HINT_PIXELS} "
                             "(about 100 hints of 3x3 pixels)")
        a, b = basis_rows[:, rows], basis_cols[:, cols]  # (height, m), (width, m)
        # G[k, l] = sum_pq a[p, k] a[p, l] inverse[p, q] b[q, k] b[q, l]: the pseudo-inverse between hint pixels
        per_row = inverse @ (b[:, :, None] * b[:, None, :]).reshape(width, m * m)
        green = ((a[:, :, None] * a[:, None, :]).reshape(height, m * m) * per_row).sum(axis=0).reshape(m, m)
        system = np.zeros((m + 1, m + 1))
        system[:m, :m], system[:m, m], system[m, :m] = green, 1.0, 1.0
        right = np.zeros((m + 1, 2))
        right[:m] = hint_chroma[i, rows, cols]
        solution = np.linalg.solve(system, right)
        sources = np.zeros((2, height, width))
        sources[:, rows, cols] = solution[:m].T
        spread = scipy.fft.idctn(scipy.fft.dctn(sources, axes=(1, 2), norm="ortho") * inverse, axes=(1, 2), norm="ortho")
        filled[i] = np.moveaxis(spread, 0, -1) + solution[m]
    return filled
