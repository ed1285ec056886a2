"""utils.color: YUV and the chroma-from-lightness lookup (notebook 10)."""

import numpy as np
import pytest
import skimage.color

from utils import color

RNG = np.random.default_rng(0)


def test_yuv_matches_scikit_image_and_round_trips():
    rgb = RNG.random((6, 5, 3))
    np.testing.assert_allclose(color.rgb_to_yuv(rgb), skimage.color.rgb2yuv(rgb), atol=1e-6)
    np.testing.assert_allclose(color.yuv_to_rgb(color.rgb_to_yuv(rgb)), rgb, atol=1e-6)
    np.testing.assert_allclose(color.yuv_to_rgb(skimage.color.rgb2yuv(rgb)), skimage.color.yuv2rgb(skimage.color.rgb2yuv(rgb)), atol=1e-6)


def test_gray_is_luma_and_grays_have_no_chroma():
    gray_rgb = np.repeat(RNG.random((4, 4, 1)), 3, axis=-1)
    yuv = color.rgb_to_yuv(gray_rgb)
    np.testing.assert_allclose(yuv[..., 0], gray_rgb[..., 0], atol=1e-6)
    np.testing.assert_allclose(yuv[..., 1:], 0, atol=1e-6)
    np.testing.assert_allclose(color.rgb_to_gray(np.array([1.0, 0.0, 0.0])), 0.299, atol=1e-7)


def test_out_of_gamut_chroma_is_clipped_for_display():
    rgb = color.yuv_to_rgb(np.array([[0.5, 0.6, 0.6]]))
    assert rgb.min() >= 0 and rgb.max() <= 1
    assert color.yuv_to_rgb(np.array([[0.5, 0.6, 0.6]]), clip=False).max() > 1


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: color.rgb_to_yuv(np.zeros((4, 4, 3), np.uint8)), TypeError, "divide uint8"),
        (lambda: color.rgb_to_yuv(np.full((4, 4, 3), 2.0)), ValueError, "\\[0, 1\\]"),
        (lambda: color.rgb_to_yuv(np.zeros((4, 4))), ValueError, "3 colour channels"),
        (lambda: color.yuv_to_rgb(np.zeros((4, 2))), ValueError, "3 Y, U, V channels"),
        (lambda: color.rgb_to_yuv("red"), TypeError, "real numbers"),
    ],
)
def test_colour_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_chroma_lookup_is_the_mean_chroma_per_lightness_bin():
    yuv = np.zeros((2, 2, 2, 3), np.float32)
    yuv[..., 0] = [[[0.1, 0.1], [0.9, 0.9]], [[0.1, 0.9], [0.95, 0.5]]]
    yuv[..., 1] = [[[0.2, 0.4], [-0.1, -0.3]], [[9.0, -0.2], [0.0, 0.7]]]
    yuv[..., 2] = -yuv[..., 1]
    masks = np.ones((2, 2, 2), bool)
    masks[1, 0, 0] = False                      # a masked-out pixel never counts
    table = color.fit_chroma_lookup(yuv, masks, bins=4)
    np.testing.assert_allclose(table[0], [0.3, -0.3], atol=1e-6)             # Y 0.1: U 0.2 and 0.4
    np.testing.assert_allclose(table[1], [0.0, 0.0], atol=1e-6)              # no pixel in [0.25, 0.5)
    np.testing.assert_allclose(table[2], [0.7, -0.7], atol=1e-6)             # Y 0.5
    np.testing.assert_allclose(table[3], [-0.15, 0.15], atol=1e-6)           # Y 0.9, 0.9, 0.9, 0.95
    looked_up = color.look_up_chroma(table, yuv[..., 0])
    assert looked_up.shape == (2, 2, 2, 2)
    np.testing.assert_allclose(looked_up[0, 0, 0], table[0])
    np.testing.assert_allclose(color.look_up_chroma(table, np.array([0.0, 1.0])), table[[0, 3]])  # the ends are in range


def test_chroma_lookup_bad_input():
    yuv = np.zeros((2, 4, 4, 3), np.float32)
    with pytest.raises(ValueError, match="masks must be boolean"):
        color.fit_chroma_lookup(yuv, np.ones((2, 4, 4)))
    with pytest.raises(ValueError, match="masks must be boolean"):
        color.fit_chroma_lookup(yuv, np.ones((2, 4, 5), bool))
    with pytest.raises(ValueError, match="3 Y, U, V channels"):
        color.fit_chroma_lookup(yuv[..., :2], np.ones((2, 4, 4), bool))
    with pytest.raises(ValueError, match="bins"):
        color.fit_chroma_lookup(yuv, np.ones((2, 4, 4), bool), bins=0)
    with pytest.raises(ValueError, match=r"\(bins, 2\)"):
        color.look_up_chroma(np.zeros((8, 3)), np.zeros((4, 4)))
