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
