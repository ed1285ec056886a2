"""utils.data.load_photograph_set and data/build_photographs.py: the bundled colour photographs."""

import pathlib
import sys

import numpy as np
import pytest
from PIL import Image

from utils import data

sys.path.insert(0, str(data.DATA_DIR))
import build_photographs as build  # noqa: E402


@pytest.fixture(scope="module")
def photos():
    return data.load_photograph_set()


def _arrays(n=4):
    masks = np.zeros((n, 96, 96), np.uint8)
    masks[:, 10:80, 20:70] = 1
    arrays = {"images": np.full((n, 96, 96, 3), 200, np.uint8), "masks": masks,
              "split": np.array(["train"] * (n - 1) + ["test"])}
    arrays.update({key: np.array([f"{key}{i}" for i in range(n)]) for key in data.PHOTOGRAPHS_TEXT_KEYS})
    return arrays


def test_the_bundled_set_is_verified_and_complete(photos):
    n = len(photos.names)
    assert n == 312 and len(set(photos.names)) == n
    assert photos.images.shape == (n, 96, 96, 3) and photos.images.dtype == np.float32
    assert 0 <= photos.images.min() and photos.images.max() <= 1
    assert photos.masks.shape == (n, 96, 96) and photos.masks.dtype == bool
    assert photos.masks.mean(axis=(1, 2)).min() >= 0.09  # every photograph covers at least 9% of its square
    assert photos.held_out.sum() == 39 and (~photos.held_out).sum() == 273
    # every source has held-out photographs, and they are whole photographs (no name on both sides)
    for source in {s.split()[0] for s in photos.sources}:
        assert photos.held_out[[s.startswith(source) for s in photos.sources]].any(), source
    # colour photographs: the cut-out objects are on white (but for their soft edges), the set far from gray
    assert (photos.images[~photos.masks] > 0.98).all(axis=-1).mean() > 0.95
    chroma = photos.images.max(axis=-1) - photos.images.min(axis=-1)
    assert chroma[photos.masks].mean() > 0.1


def test_hash_and_every_photograph_are_in_the_data_readme(photos):
    readme = (data.DATA_DIR / "README.md").read_text()
    assert data.PHOTOGRAPHS_SHA256 in readme
    for name, licence in zip(photos.names, photos.licences):
        assert f"`{name}`" in readme and licence in readme


def test_the_selection_file_lists_every_photograph(photos):
    assert len(build.read_selection()) == len(photos.names)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: a.update(images=a["images"][:, :64]), r"images should be uint8 \(n, 96, 96, 3\)"),
        (lambda a: a.update(images=a["images"].astype(np.float32)), "images should be uint8"),
        (lambda a: a.update(masks=a["masks"] * 2), "masks should be 0/1 uint8"),
        (lambda a: a.update(split=np.array(["train", "test", "val", "test"])), "split must hold only"),
        (lambda a: a.update(names=a["names"][:2]), "names should be 4 strings"),
        (lambda a: a.pop("licences"), r"lacks the arrays \['licences'\]"),
    ],
)
def test_wrong_contents_are_refused(tmp_path, change, message):
    arrays = _arrays()
    change(arrays)
    path = tmp_path / "small.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=message):
        data.load_photograph_set(path, expected_sha256=data.sha256_of(path))


def test_pickled_content_is_never_loaded(tmp_path):
    arrays = _arrays()
    arrays["names"] = np.array([object()] * 4, dtype=object)
    path = tmp_path / "sneaky.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="pickle"):
        data.load_photograph_set(path, expected_sha256=data.sha256_of(path))


def test_a_small_file_loads(tmp_path):
    path = tmp_path / "small.npz"
    np.savez(path, **_arrays())
    photos = data.load_photograph_set(path, expected_sha256=data.sha256_of(path))
    assert photos.held_out.tolist() == [False, False, False, True]
    assert np.allclose(photos.images, 200 / 255) and photos.masks.sum() == 4 * 70 * 50


def test_cut_out_objects_are_cropped_scaled_centred_and_masked():
    rgba = np.zeros((200, 300, 4), np.uint8)
    rgba[50:150, 100:140] = (255, 0, 0, 255)  # a red 100x40 bar on transparency
    pixels, mask = build.cut_out(Image.fromarray(rgba))
    assert pixels.shape == (96, 96, 3) and mask.shape == (96, 96)
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    assert rows[0] == 0 and rows[-1] == 95  # the longer side fills the square
    assert abs(len(cols) - round(96 * 40 / 100)) <= 1 and abs((cols[0] + cols[-1]) / 2 - 47.5) <= 1
    assert (pixels[~mask] >= 250).all()  # white around it
    assert (pixels[mask][:, 0] > 200).all() and (pixels[mask][:, 1:] < 60).all()


def test_full_photographs_keep_their_central_square():
    rgb = np.zeros((100, 300, 3), np.uint8)
    rgb[:, 100:200] = (0, 200, 0)  # the central square is green, the sides black
    pixels, mask = build.central_square(Image.fromarray(rgb))
    assert pixels.shape == (96, 96, 3) and mask.all()
    assert (pixels[:, 3:-3, 1] > 190).all() and (pixels[:, 3:-3, [0, 2]] < 10).all()


def test_the_split_holds_out_a_share_of_every_source_with_a_fixed_seed():
    packages = ["a"] * 100 + ["b"] * 10 + ["c"] * 3
    split = build.held_out_split(packages)
    assert (split[:100] == "test").sum() == 12 and (split[100:110] == "test").sum() == 1
    assert (split[110:] == "test").sum() == 1
    assert (build.held_out_split(packages) == split).all()


def test_the_readme_table_is_rewritten_between_its_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n{build.README_START}\nold\n{build.README_END}\nafter\n")
    build.update_readme("| new |", readme)
    assert readme.read_text() == f"before\n{build.README_START}\n| new |\n{build.README_END}\nafter\n"
    readme.write_text("no markers")
    with pytest.raises(SystemExit, match="lacks the markers"):
        build.update_readme("| new |", readme)


def test_selection_lines_must_name_a_package_and_a_file(tmp_path):
    listing = tmp_path / "photographs.txt"
    listing.write_text("# comment\nmate-backgrounds usr/share/a.jpg  # trailing comment\n\nonly-one-field\n")
    with pytest.raises(SystemExit, match="photographs.txt:4"):
        build.read_selection(listing)
    listing.write_text("mate-backgrounds usr/share/a.jpg\n")
    assert build.read_selection(listing) == [("mate-backgrounds", "usr/share/a.jpg")]
