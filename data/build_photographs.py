"""Rebuild ``data/photographs.npz``: 317 freely licensed colour photographs, 96x96, for notebook 10.

Usage, from the course root (Debian or Ubuntu, with ``apt-get`` and ``dpkg-deb``)::

    python data/build_photographs.py                  # fetches three .deb files with apt-get download
    python data/build_photographs.py --debs FOLDER    # or reads the .deb files from FOLDER

The photographs listed in ``data/photographs.txt`` come from three Debian
packages and from three Python packages of the course:

- ``tuxpaint-stamps-default`` (GPL-2): photographs of single objects (animals,
  fruit, flowers, instruments, vehicles, coins...) cut out on a transparent
  background. The package also holds clip-art and renders; only the
  photographs are listed.
- ``mate-backgrounds`` (GPL-2+): the twelve nature photographs.
- ``plasma-workspace-wallpapers`` (LGPL-3): the eleven photographs among the
  wallpapers (the others are renders).
- scikit-image, scikit-learn and Matplotlib: the seven colour photographs they
  install with themselves.

Nothing is installed system-wide: ``apt-get download`` fetches each ``.deb``
into a temporary folder (its SHA-256 is checked against the one recorded
below) and ``dpkg-deb -x`` unpacks it there.

Each photograph becomes one 96x96 uint8 RGB image and a mask of the pixels
that belong to it:

- a cut-out object is cropped to its outline, scaled (Lanczos) so that its
  longer side is 96 pixels, centred and composited on white; its mask is where
  it is at least half opaque, and only those pixels are scored;
- a full photograph is scaled so that its shorter side is 96 pixels and its
  central square is kept; its mask is all ones.

The held-out photographs (``split == "test"``) are drawn here, once, with a
fixed seed and before any model sees the data: 12% of each source's
photographs, at least one each. Notebook 10 never chooses anything on them.

The file is written with fixed zip timestamps, so the same inputs give the
same bytes; the script prints the SHA-256 that ``utils/data.py`` and
``data/README.md`` record, and rewrites the table of photographs in
``data/README.md``.
"""

import argparse
import hashlib
import importlib.metadata
import json
import pathlib
import re
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(1, str(pathlib.Path(__file__).resolve().parent.parent))  # the course root, for utils
from build_mnist import write_npz_reproducibly  # noqa: E402  (the same reproducible .npz writer)

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "photographs.npz"
SELECTION = HERE / "photographs.txt"
README = HERE / "README.md"
SIZE = 96
HELD_OUT_SHARE, SPLIT_SEED = 0.12, 0

DEBS = {  # package: (version, SHA-256 of the .deb file, licence)
    "tuxpaint-stamps-default": ("2022.06.04-1", "6db6c1bfc870a47f1499d6203b083522eacb57c5f9c87d468f2e92eb6d9d5f34", "GPL-2"),
    "mate-backgrounds": ("1.26.0-1", "7bf4c2209f34b4f61ba6d24c8b58c28b361e82e4b943aae6d42c030169af9e04", "GPL-2+"),
    "plasma-workspace-wallpapers": ("4:5.27.5-2", "32cd18b71c8c938a18b3b351f217c02ac590e323caa3cf322fbb875ce8892f8b", "LGPL-3"),
}
PYTHON_PHOTOGRAPHS = {  # name: (licence, author), as the packages document them
    "astronaut": ("public domain", "NASA"),
    "chelsea": ("CC0", "Stefan van der Walt"),
    "coffee": ("CC0", "Rachel Michetti"),
    "rocket": ("public domain", "SpaceX"),
    "china": ("CC BY 2.0", "Daniel Buechele"),
    "flower": ("CC BY 2.0", "vultilion"),
    "grace_hopper": ("public domain", "U.S. Navy"),
}
README_START, README_END = "<!-- photographs table: start -->", "<!-- photographs table: end -->"


def read_selection(path=SELECTION):
    """``[(package, file)]`` from ``data/photographs.txt`` (``#`` starts a comment)."""
    rows = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            parts = line.split()
            if len(parts) != 2:
                raise SystemExit(f"{path.name}:{number}: expected '<package> <file>', got {line!r}")
            rows.append(tuple(parts))
    return rows


def fetch_debs(folder):
    """Download the three .deb files into ``folder`` with apt-get (nothing is installed)."""
    wanted = [f"{package}={version}" for package, (version, _, _) in DEBS.items()]
    subprocess.run(["apt-get", "download", *wanted], cwd=folder, check=True)


def unpack_debs(deb_folder, into):
    """Check each .deb's SHA-256 and unpack it with ``dpkg-deb -x``: ``{package: root folder}``."""
    roots = {}
    for package, (version, sha256, _) in DEBS.items():
        upstream = version.split(":")[-1]
        found = [p for p in pathlib.Path(deb_folder).glob(f"{package}_*_all.deb") if upstream in p.name]
        if not found:
            raise SystemExit(f"{package} {version}: no .deb in {deb_folder}")
        actual = hashlib.sha256(found[0].read_bytes()).hexdigest()
        if actual != sha256:
            raise SystemExit(f"{found[0].name}: SHA-256 {actual}, expected {sha256}")
        roots[package] = pathlib.Path(into) / package
        roots[package].mkdir(parents=True, exist_ok=True)
        subprocess.run(["dpkg-deb", "-x", str(found[0]), str(roots[package])], check=True)
    return roots


def python_photograph(name):
    """A photograph that scikit-image, scikit-learn or Matplotlib installs: ``(PIL image, package and version)``."""
    from utils.data import PHOTOGRAPHS, read_package_photograph

    package = PHOTOGRAPHS[name]
    return Image.fromarray(np.asarray(read_package_photograph(name))), f"{package} {importlib.metadata.version(package)}"


def cut_out(image):
    """A cut-out object on transparency -> (96x96x3 uint8 on white, 96x96 bool mask)."""
    rgba = image.convert("RGBA")
    rgba = rgba.crop(rgba.getchannel("A").getbbox())
    scale = SIZE / max(rgba.size)
    size = (max(1, round(rgba.width * scale)), max(1, round(rgba.height * scale)))
    rgba = rgba.resize(size, Image.LANCZOS)
    canvas = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    canvas.paste(rgba, ((SIZE - size[0]) // 2, (SIZE - size[1]) // 2))
    white = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 255))
    white.alpha_composite(canvas)
    return np.asarray(white.convert("RGB")), np.asarray(canvas.getchannel("A")) >= 128


def central_square(image):
    """A full photograph -> (its central square scaled to 96x96, an all-ones mask)."""
    image = image.convert("RGB")
    scale = SIZE / min(image.size)
    size = (max(SIZE, round(image.width * scale)), max(SIZE, round(image.height * scale)))
    image = image.resize(size, Image.LANCZOS)
    left, top = (size[0] - SIZE) // 2, (size[1] - SIZE) // 2
    return np.asarray(image.crop((left, top, left + SIZE, top + SIZE))), np.ones((SIZE, SIZE), bool)


def mate_authors(root):
    """``{file name: copyright holders}`` from mate-backgrounds' Debian copyright file."""
    text = (root / "usr/share/doc/mate-backgrounds/copyright").read_text(encoding="utf-8")
    authors = {}
    for stanza in text.split("\n\n"):
        files = re.search(r"^Files:(.*?)^Copyright:(.*?)^License:", stanza, re.S | re.M)
        if files:
            holders = "; ".join(re.sub(r"\s*<[^>]*>|^\s*\d{4}(-\d{4})?,\s*|´", "", line).strip()
                                for line in files.group(2).strip().splitlines())
            for name in files.group(1).split():
                authors[pathlib.Path(name).name] = holders
    return authors


def plasma_author(root, file):
    """The author that a Plasma wallpaper's metadata.json names."""
    metadata = json.loads((root / pathlib.Path(file).parents[2] / "metadata.json").read_text(encoding="utf-8"))
    return ", ".join(author["Name"] for author in metadata["KPlugin"]["Authors"])


def photograph_name(package, file):
    if package == "tuxpaint-stamps-default":
        return file.split("stamps/", 1)[1].rsplit(".", 1)[0]
    if package == "mate-backgrounds":
        return "mate/" + pathlib.Path(file).stem
    if package == "plasma-workspace-wallpapers":
        return "plasma/" + pathlib.Path(file).parents[2].name
    return file


def held_out_split(packages):
    """``"test"`` for 12% of each source's photographs (at least one), drawn with a fixed seed."""
    rng = np.random.default_rng(SPLIT_SEED)
    split = np.full(len(packages), "train", dtype="<U5")
    for package in sorted(set(packages)):
        members = np.flatnonzero(np.asarray(packages) == package)
        count = max(1, round(HELD_OUT_SHARE * len(members)))
        split[rng.choice(members, size=count, replace=False)] = "test"
    return split


def build(roots):
    Image.MAX_IMAGE_PIXELS = None  # the wallpapers are up to 5120x2880
    mate = mate_authors(roots["mate-backgrounds"])
    records, images, masks = [], [], []
    for package, file in read_selection():
        if package in DEBS:
            version, _, licence = DEBS[package]
            image = Image.open(roots[package] / file)
            image.load()
            source = f"{package} {version}"
            if package == "tuxpaint-stamps-default":
                author = "Tux Paint stamps contributors (Bill Kendrick et al.)"
                pixels, mask = cut_out(image)
            else:
                author = mate[pathlib.Path(file).name] if package == "mate-backgrounds" else plasma_author(roots[package], file)
                pixels, mask = central_square(image)
        elif file in PYTHON_PHOTOGRAPHS:
            licence, author = PYTHON_PHOTOGRAPHS[file]
            image, source = python_photograph(file)
            pixels, mask = central_square(image)
        else:
            raise SystemExit(f"unknown source {package} {file}")
        if mask.sum() < 0.09 * SIZE * SIZE:
            raise SystemExit(f"{file}: fewer than 9% of the pixels belong to the photograph")
        records.append((photograph_name(package, file), source, file, licence, author))
        images.append(pixels)
        masks.append(mask)
    names = [r[0] for r in records]
    if len(set(names)) != len(names):
        raise SystemExit("two photographs have the same name")
    packages = [r[1].split()[0] for r in records]
    columns = {key: np.array([r[i] for r in records]) for i, key in enumerate(["names", "sources", "files", "licences", "authors"])}
    return dict(images=np.stack(images).astype(np.uint8), masks=np.stack(masks).astype(np.uint8),
                split=held_out_split(packages), **columns)


def readme_table(arrays):
    """The markdown table of every photograph (held-out ones first) for data/README.md."""
    order = sorted(range(len(arrays["names"])), key=lambda i: (arrays["split"][i] != "test", i))
    lines = ["| # | name | split | source | file | licence | author |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for i in order:
        lines.append(f"| {i} | `{arrays['names'][i]}` | {arrays['split'][i]} | {arrays['sources'][i]} | "
                     f"`{arrays['files'][i]}` | {arrays['licences'][i]} | {arrays['authors'][i]} |")
    return "\n".join(lines)


def update_readme(table, path=README):
    text = path.read_text()
    if README_START not in text or README_END not in text:
        raise SystemExit(f"{path.name} lacks the markers {README_START} ... {README_END}")
    head, rest = text.split(README_START, 1)
    tail = rest.split(README_END, 1)[1]
    path.write_text(f"{head}{README_START}\n{table}\n{README_END}{tail}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debs", type=pathlib.Path, help="a folder that already holds the three .deb files")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        deb_folder = args.debs or pathlib.Path(work)
        if args.debs is None:
            fetch_debs(deb_folder)
        arrays = build(unpack_debs(deb_folder, pathlib.Path(work) / "unpacked"))
    write_npz_reproducibly(OUT, **arrays)
    update_readme(readme_table(arrays))
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    held_out = int((arrays["split"] == "test").sum())
    print(f"wrote {OUT.name}: {len(arrays['names'])} photographs ({held_out} held out), "
          f"{OUT.stat().st_size} bytes, sha256 {digest}")


if __name__ == "__main__":
    main()
