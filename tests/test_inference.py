"""utils.inference.predict: the same outputs as model.predict, chunked, without its traced function."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from utils import config, inference  # noqa: E402


def _model():
    config.seed_everything(0)
    return keras.Sequential([keras.Input((5, 5)), keras.layers.Flatten(), keras.layers.Dense(4, activation="relu"),
                             keras.layers.Dropout(0.5), keras.layers.Dense(2)])


@pytest.mark.parametrize("batch_size", [1, 7, 1024])
def test_matches_keras_predict_in_inference_mode(batch_size):
    x = np.random.default_rng(0).random((23, 5, 5))          # float64 in, as NumPy data often is
    model = _model()
    out = inference.predict(model, x, batch_size=batch_size)
    assert isinstance(out, np.ndarray) and out.shape == (23, 2) and out.dtype == np.float32
    np.testing.assert_allclose(out, model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)   # no dropout at inference


def test_several_outputs_give_a_list():
    inputs = keras.Input((3,))
    model = keras.Model(inputs, [keras.layers.Dense(2)(inputs), keras.layers.Dense(4)(inputs)])
    x = np.ones((10, 3), "float32")
    first, second = inference.predict(model, x, batch_size=4)
    assert first.shape == (10, 2) and second.shape == (10, 4)
    expected = model.predict(x, verbose=0)
    np.testing.assert_allclose(second, expected[1], rtol=1e-6)


@pytest.mark.parametrize(
    "model, x, kwargs, error, message",
    [("not a model", np.zeros((2, 5, 5)), {}, TypeError, "Keras model"),
     (None, np.zeros((0, 5, 5)), {}, ValueError, "must not be empty"),
     (None, np.array([["a"]]), {}, TypeError, "real numbers"),
     (None, np.zeros((2, 5, 5)), {"batch_size": 0}, ValueError, "batch_size must be >= 1")],
)
def test_bad_input(model, x, kwargs, error, message):
    with pytest.raises(error, match=message):
        inference.predict(_model() if model is None else model, x, **kwargs)
