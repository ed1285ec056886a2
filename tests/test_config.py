"""utils.config: the run-scale switch and seeding."""

import numpy as np
import pytest

from utils import config


def test_scale_defaults_to_default(monkeypatch):
    monkeypatch.delenv(config.ENV_VAR, raising=False)
    assert config.run_scale() == "default"
    monkeypatch.setenv(config.ENV_VAR, "")
    assert config.run_scale() == "default"


def test_scale_from_environment_and_override(monkeypatch):
    monkeypatch.setenv(config.ENV_VAR, " Full ")
    assert config.run_scale() == "full"
    assert config.run_scale("default") == "default"  # the notebook's parameters cell wins


@pytest.mark.parametrize("bad", ["fast", "FULL", 1])
def test_unknown_scale_in_notebook_is_rejected(bad):
    with pytest.raises(ValueError, match="SCALE must be one of"):
        config.run_scale(bad)


def test_unknown_scale_in_environment_is_rejected(monkeypatch):
    monkeypatch.setenv(config.ENV_VAR, "huge")
    with pytest.raises(ValueError, match=r"\$COURSE_SCALE must be one of \['default', 'full'\]"):
        config.run_scale()


def test_seed_everything_repeats_numpy_and_keras():
    import keras

    def draw():
        config.seed_everything(7)
        layer = keras.layers.Dense(3)
        layer.build((None, 4))
        return np.random.rand(3), layer.get_weights()[0]

    first, second = draw(), draw()
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    config.seed_everything(8)
    assert not np.array_equal(np.random.rand(3), first[0])


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (1.5, TypeError), ("42", TypeError)])
def test_bad_seed(bad, error):
    with pytest.raises(error, match="seed"):
        config.seed_everything(bad)


def test_start_notebook_seeds_sets_figure_defaults_and_reports(monkeypatch, capsys):
    import matplotlib as mpl

    from utils import plots

    monkeypatch.setenv(config.ENV_VAR, "full")
    assert config.start_notebook() == "full"
    first = np.random.rand(2)
    assert config.start_notebook("default", seed=42) == "default"
    np.testing.assert_array_equal(np.random.rand(2), first)
    assert mpl.rcParams["figure.dpi"] == plots.FIGURE_DPI
    assert capsys.readouterr().out.splitlines()[-1].startswith("scale: default, Keras ")
    with pytest.raises(ValueError, match="SCALE must be one of"):
        config.start_notebook("huge")


@pytest.mark.parametrize("preset, expected", [(None, "1"), ("0", "0")])
def test_importing_utils_turns_on_onednn_unless_the_user_chose(preset, expected):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "TF_ENABLE_ONEDNN_OPTS"}
    if preset is not None:
        env["TF_ENABLE_ONEDNN_OPTS"] = preset
    code = "import os, utils; print(os.environ['TF_ENABLE_ONEDNN_OPTS'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert out.stdout.strip() == expected
