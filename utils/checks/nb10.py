"""Exercise checks for notebook 10 (colorization)."""

import numpy as np

from .. import color
from ._feedback import array_of, not_yet, number_of, passed, run


def exercise_1(my_rgb_to_yuv):
    """``my_rgb_to_yuv(rgb)`` with the BT.601 weights, for arrays of shape ``(..., 3)``."""
    rgb = np.random.default_rng(0).random((2, 6, 5, 3))
    expected = color.rgb_to_yuv(rgb)
    got = array_of(1, run(1, my_rgb_to_yuv, rgb), "my_rgb_to_yuv(rgb)")
    if got.shape != rgb.shape:
        not_yet(1, f"the result should keep the shape (..., 3), got {got.shape} for an input of {rgb.shape}")
    if not np.allclose(got[..., 0], expected[..., 0], atol=1e-5):
        not_yet(1, "Y is wrong: 0.299 R + 0.587 G + 0.114 B, with R, G, B the last axis in that order")
    if np.allclose(got[..., 1:], expected[..., :0:-1], atol=3e-4):
        not_yet(1, "U and V are swapped: U comes from blue, V from red")
    if not np.allclose(got, expected, atol=3e-4):
        not_yet(1, "Y is right; U = 0.492 (B - Y) and V = 0.877 (R - Y)")
    one_pixel = array_of(1, run(1, my_rgb_to_yuv, rgb[0, 0, 0]), "my_rgb_to_yuv(one pixel)")
    if one_pixel.shape != (3,) or not np.allclose(one_pixel, expected[0, 0, 0], atol=3e-4):
        not_yet(1, "it should work for any shape (..., 3), one pixel of shape (3,) too: index the last axis, rgb[..., 0]")
    return passed(1)


def exercise_2(saturation):
    """``saturation(chroma)``: the mean of sqrt(U^2 + V^2) over pixels, for an array whose last axis is ``(U, V)``."""
    chroma = np.random.default_rng(1).normal(size=(4, 5, 2))
    expected = float(np.mean(np.hypot(chroma[..., 0], chroma[..., 1])))
    got = number_of(2, run(2, saturation, chroma), "saturation(chroma)")
    if np.isclose(got, float(np.mean(chroma[..., 0] ** 2 + chroma[..., 1] ** 2))):
        not_yet(2, "take the square root per pixel: the magnitude, not the squared magnitude")
    if np.isclose(got, float(np.mean(np.abs(chroma)))) or np.isclose(got, float(np.mean(chroma[..., 0] + chroma[..., 1]))):
        not_yet(2, "combine U and V per pixel as sqrt(U^2 + V^2), then take the mean over all pixels")
    if not np.isclose(got, expected):
        not_yet(2, "per pixel sqrt(U^2 + V^2), then the mean over all pixels")
    flat = number_of(2, run(2, saturation, chroma.reshape(-1, 2)), "saturation(pixels)")
    if not np.isclose(flat, expected):
        not_yet(2, "it should work for any shape (..., 2), a list of pixels (n, 2) too: index the last axis, chroma[..., 0]")
    return passed(2)
