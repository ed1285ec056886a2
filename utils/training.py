"""Training helpers that keep small models on a CPU busy with arithmetic rather than bookkeeping.

:func:`fit_steps` is notebook 03's (full-batch training of the linear
autoencoder, and step budgets compared across run scales). :func:`restart` is introduced in notebook 02 (the
tricks of the trade, one architecture trained from several seeds) and used
in notebook 05 (dozens of classifiers). :func:`fit_shuffled_steps` trains
for exactly so many full batches in as few Keras epochs as memory allows
(notebooks 07 and 08: many short runs). Notebook 05's are :class:`Restarter`
(one compiled classifier serving every run, with the batches of
:func:`fit_shuffled_steps`) and :func:`fit_probe` (a logistic-regression
probe on fixed features).
"""

import math

import keras
import numpy as np

from ._validate import as_int

__all__ = ["fit_probe", "fit_steps", "fit_shuffled_steps", "restart", "Restarter"]

MAX_TILED_ROWS = 200_000
MAX_TILED_BYTES = 64 * 2**20     # fit_steps(exact=True) stacks at most this much


def fit_steps(model, x, y, steps, batch_size=32, shuffle=True, exact=False):
    """Train a compiled model for about ``steps`` mini-batch steps, however small ``x`` is.

    Keras does some bookkeeping at every epoch, which dominates when an epoch
    is one or two batches. So copies of ``(x, y)`` are stacked until an epoch
    holds about a tenth of the steps (at most 200,000 rows), and the stack is
    fitted for enough epochs to make ``steps``. With ``shuffle=False`` and
    ``batch_size=len(x)`` every step is one exact full-batch gradient step.
    Without ``exact`` the epochs are whole, so the model may make up to a
    tenth more steps than asked (or a whole pass more, when one pass over
    ``x`` holds more than ``steps`` batches). With ``exact=True`` (notebook 03,
    whose text compares step budgets across run scales) it makes exactly
    ``steps`` gradient steps: whole epochs, then one shorter epoch on a random
    part of the stack; the stack is then also kept under about 64 MB. The
    last batch of an epoch is smaller when the stack does not divide into
    batches. Returns the Keras ``History`` (with ``exact``, its epochs may
    hold different numbers of steps).
    """
    x, y = np.asarray(x), np.asarray(y)
    if len(x) == 0 or len(x) != len(y):
        raise ValueError(f"x and y must be non-empty with the same number of rows, got {len(x)} and {len(y)}")
    steps = as_int(steps, "steps", minimum=1)
    batch_size = as_int(batch_size, "batch_size", minimum=1)
    if not shuffle and batch_size != len(x):
        raise ValueError("shuffle=False is meant for full-batch steps: use batch_size=len(x)")
    copies = math.ceil(steps * batch_size / len(x) / 10)
    if exact and not shuffle and keras.backend.backend() == "tensorflow":
        return _fit_full_batch_steps(model, x, y, steps)
    copies = max(1, min(copies, MAX_TILED_ROWS // len(x)))
    if exact:
        copies = max(1, min(copies, MAX_TILED_BYTES // max(1, x.nbytes + y.nbytes)))
    stacked_x = np.tile(x, (copies,) + (1,) * (x.ndim - 1))
    stacked_y = np.tile(y, (copies,) + (1,) * (y.ndim - 1))
    batches_per_epoch = math.ceil(len(stacked_x) / batch_size)
    if not exact:
        epochs = math.ceil(steps / batches_per_epoch)
        return model.fit(stacked_x, stacked_y, batch_size=batch_size, shuffle=shuffle, epochs=epochs, verbose=0)
    epochs, extra = divmod(steps, batches_per_epoch)
    history = None
    if epochs:
        history = model.fit(stacked_x, stacked_y, batch_size=batch_size, shuffle=shuffle, epochs=epochs, verbose=0)
    if extra:       # one shorter epoch of exactly `extra` batches (full batch: `extra` copies of x, in order)
        rows = np.random.permutation(len(stacked_x)) if shuffle else np.arange(len(stacked_x))
        rows = rows[: extra * batch_size]
        last = model.fit(stacked_x[rows], stacked_y[rows], batch_size=batch_size, shuffle=shuffle, epochs=1, verbose=0)
        history = _joined(history, last)
    return history


def _joined(history, last):
    """``history`` with the one epoch of the Keras ``History`` ``last`` appended (``last`` itself if ``history`` is None)."""
    if history is None:
        return last
    for key, values in last.history.items():
        history.history.setdefault(key, []).extend(values)
    history.epoch.append(len(history.epoch))
    return history


def _fit_full_batch_steps(model, x, y, steps):
    """fit_steps(exact=True) for full-batch steps on TensorFlow: the same batch, repeated, without stacking copies."""
    import tensorflow as tf

    batch = tf.data.Dataset.from_tensors((x, y))      # finite epochs: Keras then stops exactly, whatever steps_per_execution
    per_epoch = math.ceil(steps / 10)
    epochs, extra = divmod(steps, per_epoch)
    history = model.fit(batch.repeat(per_epoch), epochs=epochs, shuffle=False, verbose=0)
    if extra:
        history = _joined(history, model.fit(batch.repeat(extra), epochs=1, shuffle=False, verbose=0))
    return history


MAX_CHUNK_BYTES = 64 * 2**20    # fit_shuffled_steps hands Keras at most this much per fit call


def fit_shuffled_steps(model, x, y, steps, batch_size=32):
    """Train a compiled model for exactly ``steps`` full mini-batch steps over shuffled passes of ``(x, y)``.

    Shuffled passes over ``x`` (each a new permutation drawn from NumPy's
    global generator, so ``config.seed_everything`` repeats them) are laid end
    to end and cut into ``steps`` batches of ``batch_size``: every batch is
    full, and every image is used as often as every other, give or take one.
    Keras takes them in one epoch, or, where they would stack more than 64 MB
    of images (long runs at the full scale), in consecutive one-epoch fit
    calls of at most 64 MB each, which continue the same optimizer: the same
    steps either way. One epoch instead of :func:`fit_steps`' ten or so spares
    Keras' per-epoch bookkeeping and the short last batch of each epoch, which
    matters for the many short runs of notebooks 07 and 08 (an 80-step run of
    a small convolutional autoencoder takes about a third less time). Pass the
    same array as ``x`` and ``y`` to train an autoencoder without a second
    copy. Returns the Keras ``History`` (one entry per fit call).
    """
    same = y is x
    x, y = np.asarray(x), np.asarray(y)
    if len(x) == 0 or len(x) != len(y):
        raise ValueError(f"x and y must be non-empty with the same number of rows, got {len(x)} and {len(y)}")
    steps = as_int(steps, "steps", minimum=1)
    batch_size = as_int(batch_size, "batch_size", minimum=1)
    row_bytes = x[0].nbytes + (0 if same else y[0].nbytes)
    steps_per_call = max(1, MAX_CHUNK_BYTES // max(1, batch_size * row_bytes))
    order = _shuffled_passes(len(x), steps * batch_size)
    history = None
    for first in range(0, steps, steps_per_call):
        rows = order[first * batch_size:(first + steps_per_call) * batch_size]
        chunk = x[rows]
        last = model.fit(chunk, chunk if same else y[rows], batch_size=batch_size, shuffle=False, epochs=1, verbose=0)
        history = _joined(history, last)
    return history


def _shuffled_passes(n, rows):
    """``rows`` indices into ``n`` examples: shuffled passes (NumPy's global generator) laid end to end."""
    passes = math.ceil(rows / n)
    return np.concatenate([np.random.permutation(n) for _ in range(passes)])[:rows]


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
    numbers in variables, or fold them into a layer's weights (notebook 05
    folds its code statistics into the softmax layer).
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


class Restarter:
    """One compiled model that every training run of one architecture restarts from a given starting point.

    Notebook 05 trains dozens of classifiers of one architecture, each for
    25 to 400 steps. Compiling a new model for each would trace its training
    step again every time (a second or two on a CPU); instead ``build()``'s
    model is compiled once, with Adam and ``loss``, and :meth:`train` copies
    each run's starting point into it with :func:`restart`. The trained model
    never leaves :meth:`train`: the caller passes ``measure``, a function of
    the trained model, and gets back its results, so no run can overwrite
    another's model. The steps are those of :func:`fit_shuffled_steps`,
    taken with ``train_on_batch``, which skips ``fit``'s per-call set-up.
    """

    def __init__(self, build, loss):
        if not callable(build):
            raise TypeError(f"build must be a function returning a fresh Keras model, got {type(build).__name__}")
        self._model = build()
        if getattr(self._model, "variables", None) is None:
            raise TypeError(f"build() must return a Keras model, got {type(self._model).__name__}")
        self._model.compile(optimizer=keras.optimizers.Adam(), loss=loss)

    def _steps(self, x, y, steps, batch_size=32):
        """``steps`` batches exactly as :func:`fit_shuffled_steps` cuts them, one ``train_on_batch`` each."""
        order = _shuffled_passes(len(x), steps * batch_size)
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            self._model.train_on_batch(x[batch], y[batch])

    def train(self, start, x, y, learning_rate, checkpoints, measure):
        """Train ``start``'s weights with Adam at ``learning_rate`` on (x, y); measure the model at each checkpoint.

        ``checkpoints`` are increasing step counts (an int is one checkpoint);
        the training takes :func:`fit_shuffled_steps`' steps up to each in
        turn (batches of 32), calls ``measure(model)`` there, and returns the list
        of its results, one per checkpoint. ``start`` is left untouched.
        """
        if not callable(measure):
            raise TypeError(f"measure must be a function of the trained model, got {type(measure).__name__}")
        learning_rate = float(learning_rate)
        if not learning_rate > 0:
            raise ValueError(f"learning_rate must be positive, got {learning_rate:g}")
        checkpoints = [as_int(c, "checkpoints", minimum=1) for c in np.atleast_1d(checkpoints)]
        if not checkpoints or any(b <= a for a, b in zip(checkpoints, checkpoints[1:])):
            raise ValueError(f"checkpoints must be one or more increasing step counts, got {checkpoints}")
        x, y = np.asarray(x), np.asarray(y)
        if len(x) == 0 or len(x) != len(y):
            raise ValueError(f"x and y must be non-empty with the same number of rows, got {len(x)} and {len(y)}")
        restart(self._model, start)
        self._model.optimizer.learning_rate.assign(learning_rate)
        results, done = [], 0
        for target in checkpoints:
            self._steps(x, y, target - done)
            done = target
            results.append(measure(self._model))
        return results


def fit_probe(features, labels, max_iter=3000):
    """A logistic regression (scikit-learn's defaults, ``max_iter`` iterations at most) fitted on fixed features.

    Notebook 05's frozen probe: on the codes of a few labelled images, or on
    their pixels. Such problems are small (10 to 1,000 rows), and several
    BLAS threads competing with TensorFlow's slow them down, so the fit runs
    on one BLAS thread (threadpoolctl); the result is the same. Returns the
    fitted ``LogisticRegression``.
    """
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    features, labels = np.asarray(features), np.asarray(labels)
    if features.ndim != 2:
        raise ValueError(f"features must be a 2-D array (one row per example), got shape {features.shape}")
    if labels.ndim != 1 or len(labels) != len(features):
        raise ValueError(f"labels must be 1-D with one label per row of features, got shapes {labels.shape} "
                         f"and {features.shape}")
    if len(np.unique(labels)) < 2:
        raise ValueError("labels must hold at least two classes")
    max_iter = as_int(max_iter, "max_iter", minimum=1)
    with threadpool_limits(1):
        return LogisticRegression(max_iter=max_iter).fit(features, labels)
