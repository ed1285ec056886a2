"""utils.color, utils.patches and data.load_photographs (notebook 10)."""

import numpy as np
import pytest
import skimage.color

from utils import color, data, patches

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


@pytest.mark.parametrize("shape", [(64, 96), (64, 96, 2), (50, 70, 3)])
def test_tiling_round_trip_is_exact(shape):
    image = RNG.random(shape).astype(np.float32)
    cut, positions = patches.extract_patches(image, 32)
    assert cut.shape[1:3] == (32, 32) and cut.shape[3:] == shape[2:]
    rebuilt = patches.reassemble_patches(cut, positions, shape)
    if shape[0] % 32 == 0 and shape[1] % 32 == 0:
        assert np.array_equal(rebuilt, image)  # no overlap: bit for bit
    np.testing.assert_allclose(rebuilt, image, rtol=1e-6)


def test_overlapping_patches_average_back_to_the_image():
    image = RNG.random((45, 61, 3)).astype(np.float32)
    cut, positions = patches.extract_patches(image, 16, stride=5)
    np.testing.assert_allclose(patches.reassemble_patches(cut, positions, image.shape), image, rtol=1e-6)
    # averaging: two patches that disagree on their overlap meet halfway
    a, b = np.zeros((1, 4, 4)), np.ones((1, 4, 4))
    out = patches.reassemble_patches(np.concatenate([a, b]), np.array([[0, 0], [0, 2]]), (4, 6))
    assert out[0].tolist() == [0, 0, 0.5, 0.5, 1, 1]


def test_positions_cover_the_far_edge():
    positions = patches.patch_positions((40, 40), 16, stride=16)
    assert sorted({int(r) for r, _ in positions}) == [0, 16, 24]


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: patches.extract_patches(np.zeros((10, 10)), 12), ValueError, "larger than the image"),
        (lambda: patches.extract_patches(np.zeros(10), 4), ValueError, "at least 2"),
        (lambda: patches.extract_patches(np.zeros((10, 10)), 4, stride=0), ValueError, "stride"),
        (lambda: patches.reassemble_patches(np.zeros((2, 4, 4)), np.array([[0, 0]]), (4, 4)), ValueError, "positions"),
        (lambda: patches.reassemble_patches(np.zeros((1, 4, 4)), np.array([[0, 0]]), (8, 8)), ValueError, "cover every pixel"),
        (lambda: patches.reassemble_patches(np.zeros((1, 4, 4)), np.array([[6, 0]]), (8, 8)), ValueError, "outside"),
        (lambda: patches.reassemble_patches(np.zeros((1, 4, 4, 3)), np.array([[0, 0]]), (4, 4)), ValueError, "does not match"),
        (lambda: patches.reassemble_patches(np.zeros((1, 4, 5)), np.array([[0, 0]]), (4, 5)), ValueError, "square"),
    ],
)
def test_patches_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_photographs_ship_with_the_packages():
    photos = data.load_photographs(["chelsea", "china", "grace_hopper"], short_side=64)
    assert set(photos) == {"chelsea", "china", "grace_hopper"}
    for image in photos.values():
        assert image.dtype == np.float32 and image.ndim == 3 and image.shape[2] == 3
        assert min(image.shape[:2]) == 64 and 0 <= image.min() and image.max() <= 1
        assert color.rgb_to_yuv(image)[..., 1:].std() > 0.02  # colour photographs, not gray ones
    with pytest.raises(ValueError, match="photograph must be one of"):
        data.load_photographs(["lena"])
    with pytest.raises(ValueError, match="short_side"):
        data.load_photographs(["chelsea"], short_side=2)
