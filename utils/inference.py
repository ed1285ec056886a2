"""Model outputs without Keras' prediction machinery: :func:`predict`.

``model.predict`` is made for large datasets: before its first batch it
traces a prediction function, about a second for every new model on a
CPU, which is longer than the prediction itself for the few thousand
images of a notebook. Keras' documentation recommends calling the model
directly, ``model(x, training=False)``, for inputs of that size;
:func:`predict` does that in chunks, so that memory stays bounded at the
full scale, and returns NumPy arrays. Introduced in notebook 02 and used
in every notebook that trains a model.
"""

import numpy as np

from ._validate import as_int, as_numeric_array

__all__ = ["predict"]


def predict(model, x, batch_size=1024):
    """The outputs of ``model`` for the inputs ``x``, as NumPy, from direct calls on ``batch_size`` rows at a time.

    ``x`` is an array with one row per input (floats are passed as float32).
    A model with several outputs (its call returns a list or tuple) gives a
    list of arrays, one per output, as ``model.predict`` does. Layers run in
    inference mode (``training=False``): no dropout, batch normalisation
    with its running averages, no noise or random augmentation layers.
    """
    if not callable(model):
        raise TypeError(f"model must be a Keras model (or layer), got {type(model).__name__}")
    x = as_numeric_array(x, "x", min_ndim=1)
    if np.issubdtype(x.dtype, np.floating):
        x = x.astype("float32", copy=False)
    batch_size = as_int(batch_size, "batch_size", minimum=1)
    import keras

    chunks = [model(x[start:start + batch_size], training=False) for start in range(0, len(x), batch_size)]
    if isinstance(chunks[0], (list, tuple)):
        return [np.concatenate([keras.ops.convert_to_numpy(chunk[k]) for chunk in chunks]) for k in range(len(chunks[0]))]
    return np.concatenate([keras.ops.convert_to_numpy(chunk) for chunk in chunks])
