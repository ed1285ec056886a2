"""Cut images into square patches and put them back together.

Introduced in notebook 10: the colorizer trains on patches cut from a few
photographs and colours whole held-out photographs patch by patch.
"""

import numpy as np

from ._validate import as_int, as_numeric_array

__all__ = ["patch_positions", "extract_patches", "reassemble_patches"]


def _starts(length, size, stride):
    starts = list(range(0, length - size + 1, stride))
    if starts[-1] != length - size:  # one more patch flush with the far edge, so every pixel is covered
        starts.append(length - size)
    return starts


def patch_positions(image_shape, size, stride=None):
    """Top-left corners ``(row, col)`` of ``size x size`` patches covering an image of ``image_shape``.

    Patches start every ``stride`` pixels (``stride=size`` by default: a
    tiling); one more row or column of patches is placed flush with the far
    edge when the stride does not reach it, so every pixel is covered.
    Returns an int array of shape ``(n, 2)``. Introduced in notebook 10.
    """
    image_shape = tuple(image_shape)
    if len(image_shape) < 2:
        raise ValueError(f"image_shape must start with (height, width), got {image_shape}")
    height, width = (as_int(d, "image_shape", minimum=1) for d in image_shape[:2])
    size = as_int(size, "size", minimum=1)
    stride = size if stride is None else as_int(stride, "stride", minimum=1)
    if size > height or size > width:
        raise ValueError(f"patch size {size} is larger than the image ({height}x{width})")
    return np.array([(r, c) for r in _starts(height, size, stride) for c in _starts(width, size, stride)], dtype=np.int64)


def extract_patches(image, size, stride=None):
    """Cut one image ``(h, w)`` or ``(h, w, c)`` into patches: ``(patches, positions)``.

    ``patches`` has shape ``(n, size, size[, c])`` and the image's dtype;
    ``positions`` are the corners from :func:`patch_positions`. Introduced in
    notebook 10.
    """
    image = as_numeric_array(image, "image", min_ndim=2, max_ndim=3)
    positions = patch_positions(image.shape, size, stride)
    patches = np.stack([image[r : r + size, c : c + size] for r, c in positions])
    return patches, positions


def reassemble_patches(patches, positions, image_shape):
    """Put patches back into an image of ``image_shape``, averaging where they overlap.

    The inverse of :func:`extract_patches`: patches cut from one image come
    back as that image (exactly where they do not overlap; up to float
    rounding where they do). For patches predicted one by one, averaging
    the overlaps softens the seams between them. Every pixel must be covered.
    Returns float32. Introduced in notebook 10.
    """
    patches = as_numeric_array(patches, "patches", min_ndim=3, max_ndim=4)
    positions = np.asarray(positions)
    image_shape = tuple(as_int(d, "image_shape", minimum=1) for d in image_shape)
    n, size = patches.shape[0], patches.shape[1]
    if patches.shape[2] != size:
        raise ValueError(f"patches must be square, shape (n, size, size[, channels]), got {patches.shape}")
    if positions.shape != (n, 2) or not np.issubdtype(positions.dtype, np.integer):
        raise ValueError(f"positions must be {n} integer (row, col) pairs, shape ({n}, 2), got {positions.shape}")
    if image_shape[2:] != patches.shape[3:] or len(image_shape) < 2:
        raise ValueError(f"image_shape {image_shape} does not match patches of shape {patches.shape[1:]}")
    height, width = image_shape[:2]
    if positions.min() < 0 or np.any(positions[:, 0] + size > height) or np.any(positions[:, 1] + size > width):
        raise ValueError(f"a patch at one of the positions falls outside an image of {height}x{width}")
    total = np.zeros(image_shape, np.float64)
    count = np.zeros((height, width), np.int64)
    for patch, (r, c) in zip(patches, positions):
        total[r : r + size, c : c + size] += patch
        count[r : r + size, c : c + size] += 1
    if np.any(count == 0):
        raise ValueError("the patches do not cover every pixel of the image")
    if total.ndim == 3:
        count = count[..., None]
    return (total / count).astype(np.float32)
