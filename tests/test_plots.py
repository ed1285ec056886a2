"""utils.plots: the image grid used by every notebook."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils import plots


def test_show_images_row_titles_label_each_row_once():
    fig = plots.show_images(np.zeros((6, 4, 4)), ncols=3, row_titles=["first", "second"])
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert texts == ["first", "second"]
    assert all(not ax.get_title() for ax in fig.axes)
    plt.close(fig)


def test_show_images_rejects_mismatched_titles():
    with pytest.raises(ValueError, match="2 row titles for 3 rows"):
        plots.show_images(np.zeros((6, 4, 4)), ncols=2, row_titles=["a", "b"])
    with pytest.raises(ValueError, match="1 titles for 2 images"):
        plots.show_images(np.zeros((2, 4, 4)), titles=["a"])
    with pytest.raises(ValueError, match="colour images must be"):
        plots.show_images([np.zeros((4, 4, 5))])


def test_show_images_colour_bars_shared_or_one_per_image():
    images = np.random.default_rng(0).normal(size=(4, 5, 5))
    shared = plots.show_images(images, ncols=2, vmin=-3, vmax=3, colorbar=True)
    assert len(shared.axes) == 4 + 1                      # one bar for the grid
    own = plots.show_images(images, ncols=2, colorbar=True)
    assert len(own.axes) == 4 + 4                         # one bar per image, each on its own scale
    assert len(plots.show_images(images, ncols=2).axes) == 4
    with pytest.raises(TypeError, match="colorbar must be True or False"):
        plots.show_images(images, colorbar="yes")
    plt.close("all")


def test_set_defaults_sets_dpi_and_rejects_nonsense():
    plots.set_defaults()
    assert matplotlib.rcParams["figure.dpi"] == plots.FIGURE_DPI == 100
    plots.set_defaults(72)
    assert matplotlib.rcParams["savefig.dpi"] == 72
    with pytest.raises((TypeError, ValueError), match="dpi"):
        plots.set_defaults(0)
    with pytest.raises(ValueError, match="figure_format must be one of"):
        plots.set_defaults(figure_format="gif")
    plots.set_defaults()
