"""utils.training.fit_steps: the number and kind of gradient steps."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from utils import config, training  # noqa: E402


class CountBatches(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


def _model():
    config.seed_everything(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.01), "mse")
    return model


@pytest.mark.parametrize("n, steps, batch_size", [(40, 400, 32), (400, 400, 32), (7, 25, 32), (4000, 100, 4000)])
def test_runs_about_the_requested_steps(n, steps, batch_size, monkeypatch):
    counter = CountBatches()
    original_fit = keras.Model.fit
    monkeypatch.setattr(keras.Model, "fit", lambda self, *a, **k: original_fit(self, *a, callbacks=[counter], **k))
    x = np.random.default_rng(0).random((n, 3)).astype("float32")
    history = training.fit_steps(_model(), x, x[:, :1], steps, batch_size=batch_size)
    assert steps <= counter.batches < steps * 1.2
    assert len(history.history["loss"]) >= 1


def test_full_batch_steps_equal_plain_gradient_descent():
    x = np.random.default_rng(1).random((50, 3)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5]], "float32")
    tiled, plain = _model(), _model()
    training.fit_steps(tiled, x, y, 30, batch_size=len(x), shuffle=False)
    plain.fit(x, y, batch_size=len(x), epochs=30, shuffle=False, verbose=0)
    np.testing.assert_allclose(tiled.get_weights()[0], plain.get_weights()[0], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "kwargs, message",
    [({"steps": 0}, "steps must be >= 1"), ({"batch_size": 0}, "batch_size must be >= 1"),
     ({"shuffle": False}, "full-batch"), ({"y": np.zeros(3)}, "same number of rows")],
)
def test_bad_input(kwargs, message):
    args = {"x": np.zeros((10, 3)), "y": np.zeros(10), "steps": 5, **kwargs}
    with pytest.raises(ValueError, match=message):
        training.fit_steps(_model(), **args)


def _classifier(seed):
    config.seed_everything(seed)
    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dropout(0.3, seed=seed), keras.layers.Dense(3, activation="softmax")])


def _compiled(model):
    model.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy")
    return model


def test_restart_trains_as_a_freshly_compiled_model():
    rng = np.random.default_rng(2)
    x, y = rng.random((64, 6)).astype("float32"), rng.integers(0, 3, 64)
    config.seed_everything(5)
    fresh = _compiled(_classifier(5)).fit(x, y, epochs=3, batch_size=16, shuffle=False, verbose=0).history["loss"]
    reused = _compiled(_classifier(9))
    reused.fit(x[::-1], (y + 1) % 3, epochs=2, batch_size=16, verbose=0)       # moves weights, moments and step count
    first_trace = reused.train_function
    training.restart(reused, _classifier(5))
    assert int(reused.optimizer.iterations) == 0 and np.isclose(float(reused.optimizer.learning_rate), 0.01)
    config.seed_everything(5)
    again = reused.fit(x, y, epochs=3, batch_size=16, shuffle=False, verbose=0).history["loss"]
    np.testing.assert_allclose(again, fresh, rtol=1e-5)
    assert reused.train_function is first_trace            # the traced training step was kept
    # without the restart the same training gives other losses: the check above can fail
    config.seed_everything(5)
    assert not np.allclose(reused.fit(x, y, epochs=3, batch_size=16, shuffle=False, verbose=0).history["loss"], fresh)


def test_restart_bad_input():
    with pytest.raises(ValueError, match="compiled"):
        training.restart(_classifier(0), _classifier(1))
    other = keras.Sequential([keras.Input((6,)), keras.layers.Dense(4), keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="same architecture"):
        training.restart(_compiled(_classifier(0)), other)
    with pytest.raises(TypeError, match="Keras model"):
        training.restart(_compiled(_classifier(0)), "model")


# --- fit_shuffled_steps (notebooks 07 and 08) ------------------------------------------------


@pytest.mark.parametrize("n, steps, batch_size", [(10, 25, 32), (1000, 7, 32), (7, 3, 5)])
def test_shuffled_steps_are_exactly_the_steps_with_full_batches(n, steps, batch_size, monkeypatch):
    seen = []
    original_fit = keras.Model.fit

    def recording_fit(self, x, y, **kwargs):
        seen.append((x, kwargs))
        return original_fit(self, x, y, callbacks=[counter], **kwargs)

    counter = CountBatches()
    monkeypatch.setattr(keras.Model, "fit", recording_fit)
    x = np.arange(n, dtype="float32")[:, None] * np.ones((1, 3), "float32")
    history = training.fit_shuffled_steps(_model(), x, x[:, :1], steps, batch_size=batch_size)
    assert counter.batches == steps and len(history.epoch) == 1
    (stacked, kwargs), = seen
    assert len(stacked) == steps * batch_size and kwargs["epochs"] == 1
    uses = np.bincount(stacked[:, 0].astype(int), minlength=n)
    assert uses.max() - uses.min() <= 1                     # every image as often as every other, give or take one


def test_shuffled_steps_repeat_with_the_seed_and_learn():
    x = np.random.default_rng(3).random((20, 3)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5]], "float32")
    models = []
    for _ in range(2):
        model = _model()                                    # seeds everything, NumPy included
        before = float(model.evaluate(x, y, verbose=0))
        training.fit_shuffled_steps(model, x, y, 40, batch_size=8)
        models.append(model)
    np.testing.assert_array_equal(models[0].get_weights()[0], models[1].get_weights()[0])
    assert float(models[0].evaluate(x, y, verbose=0)) < before


def test_shuffled_steps_in_chunks_are_the_same_steps(monkeypatch):
    """Over the memory limit the steps go to Keras in several fit calls: the same batches, the same weights."""
    x = np.random.default_rng(4).random((30, 3)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5]], "float32")
    trained = []
    for limit in (training.MAX_CHUNK_BYTES, 8 * 5 * 16):   # one fit call; calls of 5 steps of 8 rows of 16 bytes
        monkeypatch.setattr(training, "MAX_CHUNK_BYTES", limit)
        model = _model()
        counter = CountBatches()
        calls = []
        original_fit = model.fit
        model.fit = lambda *args, **kwargs: calls.append(1) or original_fit(*args, callbacks=[counter], **kwargs)
        history = training.fit_shuffled_steps(model, x, y, 23, batch_size=8)
        assert counter.batches == 23 == int(model.optimizer.iterations)
        assert len(calls) == len(history.epoch) == len(history.history["loss"])
        trained.append((len(calls), model.get_weights()[0]))
    assert trained[0][0] == 1 and trained[1][0] == 5        # 23 steps in calls of 5: 5 + 5 + 5 + 5 + 3
    np.testing.assert_allclose(trained[0][1], trained[1][1], rtol=1e-6, atol=1e-7)


def test_shuffled_steps_take_an_autoencoder_without_a_second_copy(monkeypatch):
    seen = []
    original_fit = keras.Model.fit
    monkeypatch.setattr(keras.Model, "fit", lambda self, x, y, **kw: seen.append(x is y) or original_fit(self, x, y, **kw))
    x = np.random.default_rng(5).random((12, 3)).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)])
    model.compile(keras.optimizers.SGD(0.01), "mse")
    training.fit_shuffled_steps(model, x, x, 4, batch_size=4)
    training.fit_shuffled_steps(model, x, x.copy(), 4, batch_size=4)
    assert seen == [True, False]


@pytest.mark.parametrize(
    "kwargs, error, message",
    [({"steps": 0}, ValueError, "steps must be >= 1"), ({"batch_size": 0}, ValueError, "batch_size must be >= 1"),
     ({"steps": 2.5}, TypeError, "steps must be an integer"), ({"y": np.zeros(3)}, ValueError, "same number of rows"),
     ({"x": np.zeros((0, 3))}, ValueError, "non-empty")],
)
def test_shuffled_steps_bad_input(kwargs, error, message):
    args = {"x": np.zeros((10, 3)), "y": np.zeros(10), "steps": 5, **kwargs}
    with pytest.raises(error, match=message):
        training.fit_shuffled_steps(_model(), **args)


@pytest.mark.parametrize("n, steps, batch_size, shuffle", [(40, 37, 32, True), (400, 1000, 32, True), (7, 25, 32, True),
                                                         (50, 23, 50, False), (4000, 1000, 32, True)])
def test_exact_makes_exactly_the_requested_steps(n, steps, batch_size, shuffle):
    model = _model()
    model.compile(keras.optimizers.SGD(0.01), "mse", steps_per_execution=8)   # steps that do not fill an execution
    x = np.random.default_rng(0).random((n, 3)).astype("float32")
    history = training.fit_steps(model, x, x[:, :1], steps, batch_size=batch_size, shuffle=shuffle, exact=True)
    assert int(model.optimizer.iterations) == steps
    assert len(history.history["loss"]) == len(history.epoch) >= 1


def test_exact_full_batch_steps_equal_plain_gradient_descent():
    x = np.random.default_rng(1).random((50, 3)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5]], "float32")
    exact, plain = _model(), _model()
    training.fit_steps(exact, x, y, 33, batch_size=len(x), shuffle=False, exact=True)
    plain.fit(x, y, batch_size=len(x), epochs=33, shuffle=False, verbose=0)
    np.testing.assert_allclose(exact.get_weights()[0], plain.get_weights()[0], rtol=1e-5, atol=1e-6)


def _tiny_classifier():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])


def test_restarter_matches_a_freshly_compiled_model_and_leaves_start_alone():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(40, 4)).astype("float32"), rng.integers(0, 3, 40)
    config.seed_everything(1)
    start = _tiny_classifier()
    before = [w.copy() for w in start.get_weights()]
    restarter = training.Restarter(_tiny_classifier, "sparse_categorical_crossentropy")
    restarter.train(_tiny_classifier(), x, y, 1e-2, 7, measure=lambda m: None)   # a previous run to forget
    np.random.seed(3)
    got = restarter.train(start, x, y, 1e-2, [5, 10], measure=lambda m: [w.copy() for w in m.get_weights()])
    assert len(got) == 2
    fresh = _tiny_classifier()
    fresh.set_weights(before)
    fresh.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
    np.random.seed(3)
    training.fit_shuffled_steps(fresh, x, y, 5)
    training.fit_shuffled_steps(fresh, x, y, 5)
    for a, b in zip(got[1], fresh.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    for a, b in zip(start.get_weights(), before):
        np.testing.assert_array_equal(a, b)


def test_restarter_rejects_bad_input():
    with pytest.raises(TypeError):
        training.Restarter("not a function", "mse")
    restarter = training.Restarter(_tiny_classifier, "sparse_categorical_crossentropy")
    x, y = np.zeros((8, 4), "float32"), np.zeros(8, int)
    with pytest.raises(ValueError):
        restarter.train(_tiny_classifier(), x, y, 1e-3, [10, 5], measure=len)
    with pytest.raises(ValueError):
        restarter.train(_tiny_classifier(), x, y, -1.0, 5, measure=len)
    with pytest.raises(TypeError):
        restarter.train(_tiny_classifier(), x, y, 1e-3, 5, measure="accuracy")


def test_fit_probe_is_scikit_learns_logistic_regression():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    features, labels = rng.normal(size=(30, 5)), rng.integers(0, 3, 30)
    probe = training.fit_probe(features, labels)
    reference = LogisticRegression(max_iter=3000).fit(features, labels)
    np.testing.assert_allclose(probe.coef_, reference.coef_, rtol=1e-6, atol=1e-8)
    with pytest.raises(ValueError):
        training.fit_probe(features[:, 0], labels)
    with pytest.raises(ValueError):
        training.fit_probe(features, labels[:-1])
    with pytest.raises(ValueError):
        training.fit_probe(features, np.zeros(30, int))
