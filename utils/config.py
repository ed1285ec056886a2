"""One run-scale switch for the whole course, and seeding.

Every notebook's setup cell calls :func:`run_scale` and :func:`seed_everything`
(introduced in notebook 01).

- ``default``: offline, on data that ships with the course, one to two minutes
  per notebook on a 2-core laptop CPU. What CI and the committed outputs use.
- ``full``: the complete datasets (downloaded once by Keras) and more epochs,
  for Colab or a GPU.

The scale is read from the environment variable ``COURSE_SCALE``, or set in a
notebook's ``parameters`` cell (``SCALE = "full"``), which is what papermill
overrides; a value given in the notebook wins over the environment.
"""

import os

from ._validate import as_int, one_of

SCALES = ("default", "full")
ENV_VAR = "COURSE_SCALE"
DEFAULT_SEED = 42


def run_scale(override=None):
    """Return the run scale, ``"default"`` or ``"full"``.

    ``override`` (from a notebook's ``parameters`` cell) wins when it is not
    ``None``; otherwise ``$COURSE_SCALE`` is used, and ``"default"`` when that
    is unset or empty. Unknown names raise ``ValueError``.
    """
    if override is not None:
        return one_of(override, "SCALE", set(SCALES))
    value = os.environ.get(ENV_VAR, "").strip().lower() or "default"
    return one_of(value, f"${ENV_VAR}", set(SCALES))


def seed_everything(seed=DEFAULT_SEED):
    """Seed Python, NumPy and the Keras backend so that a rerun gives the same numbers.

    Calls ``keras.utils.set_random_seed``. Under the TensorFlow backend it also
    asks TensorFlow for deterministic kernels, so that results repeat on the
    same machine (CPU or GPU), at a small cost in speed. Returns the seed.
    """
    seed = as_int(seed, "seed", minimum=0)
    import keras

    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
    return seed


def start_notebook(scale=None, seed=DEFAULT_SEED, figure_format="png"):
    """The common end of every notebook's setup cell: run scale, seeding, figure defaults.

    Returns the run scale (see :func:`run_scale`; ``scale`` is the notebook's
    ``SCALE`` parameter) after seeding with :func:`seed_everything` and
    applying :func:`utils.plots.set_defaults` (``figure_format="jpeg"`` stores
    figures as JPEG, as notebook 10 does for its photographs), and prints one
    line saying what runs where.
    Introduced in notebook 01.
    """
    scale = run_scale(scale)
    seed_everything(seed)
    import keras

    from . import plots

    plots.set_defaults(figure_format=figure_format)
    print(f"scale: {scale}, Keras {keras.__version__} on {keras.backend.backend()}")
    return scale
