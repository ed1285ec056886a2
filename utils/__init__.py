"""The course library: small, hand-written helpers that every notebook imports.

Modules, one job each:

- ``config``: the run scale (default or full) and seeding.
- ``data``: offline-first data loaders (bundled MNIST subset, full datasets).
- ``conv``: NumPy reference code for convolution, pooling and upsampling.
- ``models``: builders of Sequential encoders, decoders and autoencoders (dense and convolutional).
- ``vae``: the variational autoencoder (sampling layer, Model subclass).
- ``metrics``: reconstruction errors, principal angles, PCA baselines.
- ``regularizers``: the KL-divergence sparsity penalty.
- ``training``: fitting small models for a set number of steps, restarting a compiled model.
- ``inference``: model outputs from direct calls, without ``model.predict``'s tracing.
- ``noise``: corrupting images (data noise and train-time noise layers).
- ``ct``: simulated CT scans (phantoms, dose, filtered back-projection).
- ``color``: YUV colour space and the chroma-from-lightness lookup.
- ``hints``: colour hints for user-guided colorization and the fills they are compared with.
- ``plots``: figure defaults and image grids.
- ``checks``: feedback on the exercises, one module per notebook.
- ``runner``: executes notebooks top to bottom (``python -m utils run``).
- ``student``: student copies without solutions (``python -m utils student``).
- ``contents`` and ``colab``: the generated contents and navigation, the Colab
  setup lines (``python -m utils contents``).

Importing ``utils`` inside a Jupyter kernel also starts TensorFlow (when it is
the Keras backend) with its C++ start-up messages silenced. TensorFlow writes
them (CPU instruction sets, oneDNN, "could not find CUDA drivers") straight to
the process's stderr before its own log-level setting takes effect, and
Jupyter would show them in red under the setup cell. So the setup cells
import ``utils`` before ``keras``.
"""

import contextlib as _contextlib
import importlib.util as _importlib_util
import os as _os
import sys as _sys

# TensorFlow's later C++ log lines (level 3 also hides its ERROR-level notes such as "NodeDef
# mentions attribute ...": genuine failures still raise Python exceptions). A value set by the
# user wins.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# TensorFlow turns its oneDNN kernels on by default only for some CPUs. On the others (AMD EPYC
# among them) they still work, and they train the course's convolutional models about twice as
# fast, with the same numbers from run to run. It must be set before TensorFlow is imported,
# which is why the notebooks import utils first. A value set by the user wins.
_os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")


@_contextlib.contextmanager
def _stderr_fd_silenced():
    """Send file descriptor 2 (where C++ libraries write) to the null device for a moment."""
    _sys.stderr.flush()
    saved, devnull = _os.dup(2), _os.open(_os.devnull, _os.O_WRONLY)
    _os.dup2(devnull, 2)
    try:
        yield
    finally:
        _os.dup2(saved, 2)
        _os.close(saved)
        _os.close(devnull)


def _start_tensorflow_quietly():
    """Import TensorFlow and initialise its devices with fd 2 silenced (Jupyter kernels only)."""
    if (
        "ipykernel" not in _sys.modules
        or "tensorflow" in _sys.modules
        or _os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow"
        or _importlib_util.find_spec("tensorflow") is None
    ):
        return
    with _stderr_fd_silenced():
        import tensorflow

        tensorflow.config.list_physical_devices()
    # Its Python logger warns about tf.function retracing when a notebook calls predict on many
    # small models; a performance hint, not something a student can or should act on.
    import logging

    logging.getLogger("tensorflow").setLevel(logging.ERROR)


_start_tensorflow_quietly()
