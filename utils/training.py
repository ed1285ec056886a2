"""Training helpers that keep small models on a CPU busy with arithmetic rather than bookkeeping.

:func:`fit_steps` is introduced in notebook 03 (full-batch training of the
linear autoencoder) and used in notebook 05 (classifiers trained on a few
dozen labelled images). :func:`restart` is introduced in notebook 02 (the
tricks of the trade, one architecture trained from several seeds) and used
in notebook 05 (18 classifiers).
"""

import math

import numpy as np

from ._validate import as_int

__all__ = ["fit_steps", "restart"]

MAX_TILED_ROWS = 200_000


def fit_steps(model, x, y, steps, batch_size=32, shuffle=True):
    """Train a compiled model for about ``steps`` mini-batch steps, however small ``x`` is.

    Keras does some bookkeeping at every epoch, which dominates when an epoch
    is one or two batches. So copies of ``(x, y)`` are stacked until an epoch
    holds about a tenth of the steps (at most 200,000 rows), and the stack is
    fitted for enough epochs to make ``steps``. With ``shuffle=False`` and
    ``batch_size=len(x)`` every step is one exact full-batch gradient step.
    Returns the Keras ``History``.
    """
    x, y = np.asarray(x), np.asarray(y)
    if len(x) == 0 or len(x) != len(y):
        raise ValueError(f"x and y must be non-empty with the same number of rows, got {len(x)} and {len(y)}")
    steps = as_int(steps, "steps", minimum=1)
    batch_size = as_int(batch_size, "batch_size", minimum=1)
    if not shuffle and batch_size != len(x):
        raise ValueError("shuffle=False is meant for full-batch steps: use batch_size=len(x)")
    copies = math.ceil(steps * batch_size / len(x) / 10)
    copies = max(1, min(copies, MAX_TILED_ROWS // len(x)))
    stacked_x = np.tile(x, (copies,) + (1,) * (x.ndim - 1))
    stacked_y = np.tile(y, (copies,) + (1,) * (y.ndim - 1))
    batches_per_epoch = math.ceil(len(stacked_x) / batch_size)
    epochs = math.ceil(steps / batches_per_epoch)
    return model.fit(stacked_x, stacked_y, batch_size=batch_size, shuffle=shuffle, epochs=epochs, verbose=0)


def restart(model, like):
    """Make the compiled ``model`` start afresh as ``like``, an uncompiled model of the same architecture.

    Copies every variable of ``like`` into ``model`` (weights, batch
    normalisation's running averages and the state of random layers such as
    dropout) and resets the optimizer: step count and moment estimates to
    zero, learning rate kept. Training ``model`` afterwards gives what
    compiling ``like`` the same way and training it would give, but without
    tracing the training step again. On a CPU that tracing takes a second or
    two per new model, more than a few dozen steps of a small model, so a
    notebook that trains one architecture from many seeds restarts one
    compiled model instead of compiling a new one for each. Returns ``model``.

    Only variables travel. A layer that keeps numbers as constants, such as
    ``keras.layers.Normalization(mean=..., variance=...)``, has them traced
    into ``model``'s training step, and ``like``'s would be ignored; keep such
    numbers in variables (notebook 05 keeps its code statistics in a frozen
    ``BatchNormalization`` layer).
    """
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not getattr(model, "compiled", False):
        raise ValueError("model must be a compiled Keras model (call model.compile first)")
    if getattr(like, "variables", None) is None:
        raise TypeError(f"like must be a Keras model, got {type(like).__name__}")
    shapes = [tuple(v.shape) for v in model.variables]
    like_shapes = [tuple(v.shape) for v in like.variables]
    if shapes != like_shapes:
        raise ValueError(f"like must have the same architecture as model: its variables have shapes {like_shapes}, "
                         f"model's {shapes}")
    for target, source in zip(model.variables, like.variables):
        target.assign(source.value)
    for variable in optimizer.variables:
        if variable.name != "learning_rate":       # the step count and the per-weight moment estimates
            variable.assign(np.zeros(variable.shape, variable.dtype))
    return model
