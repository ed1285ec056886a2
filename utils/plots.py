"""Figure defaults and the few plotting helpers the notebooks share.

Introduced in notebook 01. Figures are drawn at 100 dpi, readable in
JupyterLab at 100% zoom, and stored in the notebook as PNG; a notebook heavy
with photographs (10) stores them as JPEG instead, to stay under the course's
1.5 MB per notebook. Each helper returns the matplotlib figure; Jupyter shows
it at the end of the cell.
"""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from ._validate import as_int, as_numeric_array

FIGURE_DPI = 100
FIGURE_FORMATS = ("png", "jpeg")
JPEG_QUALITY = 90   # notebook 10: 1.11 MB at 100 dpi as JPEG, against 1.45 MB at 72 dpi as PNG


def set_defaults(dpi=FIGURE_DPI, figure_format="png"):
    """Apply the course's figure defaults (``dpi`` dots per inch, readable fonts, no grid).

    ``figure_format`` is how Jupyter stores the figures in the notebook:
    ``"png"`` (lossless) or ``"jpeg"`` (quality ``JPEG_QUALITY``, for notebooks
    heavy with photographs). Outside IPython only the matplotlib defaults change.
    """
    dpi = as_int(dpi, "dpi", minimum=30)
    if figure_format not in FIGURE_FORMATS:
        raise ValueError(f"figure_format must be one of {FIGURE_FORMATS}, got {figure_format!r}")
    mpl.rcParams.update(
        {
            "figure.dpi": dpi,
            "savefig.dpi": dpi,
            "figure.figsize": (7.5, 4.5),
            "font.size": 11,
            "axes.titlesize": 11,
            "image.interpolation": "nearest",
            "axes.grid": False,
        }
    )
    _set_inline_format(figure_format)


def _set_inline_format(figure_format):
    """Make IPython's inline backend store figures as ``figure_format`` (nothing happens outside IPython)."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:     # no IPython kernel: nothing stores figures
        return
    if get_ipython() is None:
        return
    if figure_format == "jpeg":
        set_matplotlib_formats("jpeg", bbox_inches="tight", pil_kwargs={"quality": JPEG_QUALITY})
    else:
        set_matplotlib_formats("png", bbox_inches="tight")


def show_images(images, titles=None, ncols=None, cmap="gray", vmin=None, vmax=None, size=2.0, suptitle=None,
                row_titles=None, colorbar=False):
    """Show images in a grid, one title each, or one label per row (``row_titles``, written left of the row).

    ``images`` is a sequence of 2D (grey) or ``H x W x 3`` (colour) arrays, or
    one array of shape ``(n, H, W)`` / ``(n, H, W, 3)``. Grey images share
    ``vmin``/``vmax`` when given, otherwise each is scaled to its own range.
    ``cmap`` is one colour map for every grey image or a list, one per image.
    ``ncols`` defaults to all images in one row (at most 8 per row).
    ``colorbar=True`` adds colour bars, for images whose values matter: one
    for the whole grid when ``vmin`` and ``vmax`` give a shared scale,
    otherwise one beside each grey image.
    """
    images = [as_numeric_array(img, f"images[{i}]", min_ndim=2, max_ndim=3) for i, img in enumerate(images)]
    if not images:
        raise ValueError("images must contain at least one image")
    for i, img in enumerate(images):
        if img.ndim == 3 and img.shape[2] not in (3, 4):
            raise ValueError(f"images[{i}] has shape {img.shape}: colour images must be H x W x 3 (or 4)")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"got {len(titles)} titles for {len(images)} images")
    cmaps = [cmap] * len(images) if isinstance(cmap, str) or cmap is None else list(cmap)
    if len(cmaps) != len(images):
        raise ValueError(f"got {len(cmaps)} colour maps for {len(images)} images")
    ncols = min(len(images), 8) if ncols is None else as_int(ncols, "ncols", minimum=1)
    nrows = -(-len(images) // ncols)
    if row_titles is not None and len(row_titles) != nrows:
        raise ValueError(f"got {len(row_titles)} row titles for {nrows} rows of {ncols} images")
    if not isinstance(colorbar, bool):
        raise TypeError(f"colorbar must be True or False, got {colorbar!r}")
    shared_scale = vmin is not None and vmax is not None
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for i, (ax, img) in enumerate(zip(axes.ravel(), images)):
        shown = ax.imshow(img, cmap=cmaps[i] if img.ndim == 2 else None, vmin=vmin, vmax=vmax)
        if titles is not None:
            ax.set_title(titles[i])
        if colorbar and not shared_scale and img.ndim == 2:
            fig.colorbar(shown, ax=ax, fraction=0.046, pad=0.04)
    for ax, row_title in zip(axes[:, 0], row_titles or []):
        ax.text(-0.08, 0.5, row_title, transform=ax.transAxes, ha="right", va="center")
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    if colorbar and shared_scale:
        fig.colorbar(shown, ax=axes.ravel().tolist(), fraction=0.02 if ncols > 3 else 0.05, pad=0.02)
    return fig


def show_matrix(ax, matrix, title=None, highlight=None, cmap="Blues", fmt="{:g}"):
    """Draw a small matrix as coloured cells with its numbers written in.

    ``highlight`` is ``(row, col, height, width)``: a window drawn as a red
    frame, e.g. where the filter sits while one output number is computed.
    Returns ``ax``.
    """
    matrix = as_numeric_array(matrix, "matrix", ndim=2)
    image = ax.imshow(matrix, cmap=cmap)
    for (r, c), value in np.ndenumerate(matrix):
        red, green, blue, _ = image.cmap(image.norm(value))
        dark_cell = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
        ax.text(c, r, fmt.format(value), ha="center", va="center", fontsize=11, color="white" if dark_cell else "black")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title)
    if highlight is not None:
        row, col, height, width = highlight
        ax.add_patch(
            mpl.patches.Rectangle((col - 0.5, row - 0.5), width, height, fill=False, edgecolor="red", lw=3)
        )
    return ax
