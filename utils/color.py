"""Colour spaces for colorization: RGB to YUV (lightness + two chroma channels) and back.

Introduced in notebook 10. YUV (ITU-R BT.601, the matrix scikit-image's
``rgb2yuv`` uses) is a linear change of coordinates: ``Y`` is the luma a
black-and-white photograph records, ``U`` and ``V`` carry colour. Because it
is linear and invertible, the round trip is exact up to float rounding, and
a colorizer can be asked for the two chroma channels alone while the
lightness it is given goes through unchanged.
"""

import numpy as np

from ._validate import as_int, as_numeric_array

__all__ = ["RGB_TO_YUV", "YUV_TO_RGB", "rgb_to_yuv", "yuv_to_rgb", "rgb_to_gray", "fit_chroma_lookup", "look_up_chroma"]

RGB_TO_YUV = np.array(
    [
        [0.299, 0.587, 0.114],
        [-0.14714119, -0.28886916, 0.43601035],
        [0.61497538, -0.51496512, -0.10001026],
    ]
)
YUV_TO_RGB = np.linalg.inv(RGB_TO_YUV)


def _channels_last(x, name, what):
    x = as_numeric_array(x, name, min_ndim=1)
    if x.shape[-1] != 3:
        raise ValueError(f"{name} must have 3 {what} channels on its last axis, got shape {x.shape}")
    return x


def rgb_to_yuv(rgb):
    """RGB in [0, 1], shape ``(..., 3)``, to YUV: ``Y`` in [0, 1], ``U`` in about +-0.436, ``V`` in about +-0.615.

    Integer (uint8) input is rejected: divide by 255 first, so that nobody
    converts 0..255 values by mistake. Returns float32. Introduced in notebook 10.
    """
    rgb = _channels_last(rgb, "rgb", "colour")
    if not np.issubdtype(rgb.dtype, np.floating):
        raise TypeError(f"rgb must be floats in [0, 1] (divide uint8 images by 255), got dtype {rgb.dtype}")
    if rgb.min() < -1e-6 or rgb.max() > 1 + 1e-6:
        raise ValueError(f"rgb values must lie in [0, 1], got range [{rgb.min():.3g}, {rgb.max():.3g}]")
    return (rgb.astype(np.float64) @ RGB_TO_YUV.T).astype(np.float32)


def yuv_to_rgb(yuv, clip=True):
    """YUV, shape ``(..., 3)``, back to RGB; with ``clip=True`` (the default) clipped to [0, 1] for display.

    A predicted chroma can describe a colour outside the RGB cube; clipping
    maps it to the nearest displayable one. Returns float32. Introduced in
    notebook 10.
    """
    yuv = _channels_last(yuv, "yuv", "Y, U, V")
    rgb = yuv.astype(np.float64) @ YUV_TO_RGB.T
    if clip:
        rgb = np.clip(rgb, 0.0, 1.0)
    return rgb.astype(np.float32)


def rgb_to_gray(rgb):
    """The black-and-white copy: luma ``Y`` of RGB images, shape ``(...)`` without the channel axis.

    Introduced in notebook 10 (the lecture's step "make a copy of the
    dataset and turn each picture black-and-white").
    """
    return rgb_to_yuv(rgb)[..., 0]


def fit_chroma_lookup(images_yuv, masks, bins=32):
    """The mean chroma of the training pixels at each lightness: a ``(bins, 2)`` table over ``Y`` in [0, 1].

    The simplest colorizer that uses lightness at all: it knows, say, how
    far pixels of each lightness lean towards red-brown or yellow on average
    in the training photographs, and nothing about objects. ``images_yuv`` is ``(n, H, W, 3)``, ``masks`` a
    boolean ``(n, H, W)`` of the pixels that count. A lightness bin with no
    training pixel gets no colour (0, 0). Apply it with
    :func:`look_up_chroma`. Introduced in notebook 10.
    """
    images_yuv = _channels_last(images_yuv, "images_yuv", "Y, U, V")
    masks = np.asarray(masks)
    if masks.dtype != bool or masks.shape != images_yuv.shape[:-1]:
        raise ValueError(f"masks must be boolean with the images' shape {images_yuv.shape[:-1]}, "
                         f"got dtype {masks.dtype} and shape {masks.shape}")
    bins = as_int(bins, "bins", minimum=1)
    which = _lightness_bin(images_yuv[..., 0][masks], bins)
    counts = np.bincount(which, minlength=bins)
    sums = np.stack([np.bincount(which, images_yuv[..., c][masks], minlength=bins) for c in (1, 2)], axis=-1)
    return (sums / np.maximum(counts, 1)[:, None]).astype(np.float32)


def look_up_chroma(table, lightness):
    """Chroma ``(..., 2)`` for lightness ``Y`` of shape ``(...)`` from a :func:`fit_chroma_lookup` table.

    Introduced in notebook 10.
    """
    table = as_numeric_array(table, "table", ndim=2)
    if table.shape[1] != 2:
        raise ValueError(f"table must be (bins, 2), one (U, V) per lightness bin, got shape {table.shape}")
    lightness = as_numeric_array(lightness, "lightness")
    return table[_lightness_bin(lightness, len(table))].astype(np.float32)


def _lightness_bin(lightness, bins):
    return np.clip((np.asarray(lightness, np.float64) * bins).astype(np.int64), 0, bins - 1)
