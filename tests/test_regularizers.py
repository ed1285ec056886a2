"""utils.regularizers: the KL-divergence sparsity penalty."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from utils import config  # noqa: E402
from utils.regularizers import KLDivergenceSparsity, keras_divides_activity_losses_by_batch  # noqa: E402


def _kl_numpy(activations, rho, weight):
    rho_hat = activations.mean(axis=0)
    return weight * np.sum(rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat)))


def test_value_matches_the_formula():
    a = np.random.default_rng(0).uniform(0.01, 0.99, size=(32, 7)).astype("float32")
    regularizer = KLDivergenceSparsity(0.05, 0.3)
    assert np.isclose(keras.ops.convert_to_numpy(regularizer.penalty(a)), _kl_numpy(a.astype(float), 0.05, 0.3), rtol=1e-4)
    # what Keras receives: times the batch size where Keras divides by it
    factor = 32 if keras_divides_activity_losses_by_batch() else 1
    assert np.isclose(keras.ops.convert_to_numpy(regularizer(a)), factor * _kl_numpy(a.astype(float), 0.05, 0.3), rtol=1e-4)


@pytest.mark.parametrize("batch", [8, 64])
def test_the_loss_added_in_fit_is_the_formula_whatever_the_batch_size(batch):
    # Through a layer inside model.fit: with a learning rate of 0 and targets equal to the
    # predictions, the training loss of one batch is exactly the loss the layer added.
    x = np.random.default_rng(batch).random((batch, 6)).astype("float32")
    config.seed_everything(0)
    hidden = keras.layers.Dense(5, activation="sigmoid", activity_regularizer=KLDivergenceSparsity(0.05, 0.3))
    model = keras.Sequential([keras.Input((6,)), hidden])
    model.compile(keras.optimizers.SGD(0.0), "mse")
    codes = model.predict(x, verbose=0)
    loss = model.fit(x, codes, batch_size=batch, epochs=1, verbose=0).history["loss"][0]
    assert np.isclose(loss, _kl_numpy(codes.astype(float), 0.05, 0.3), rtol=1e-4), (loss, batch)


def test_the_probe_sees_the_installed_keras():
    assert isinstance(keras_divides_activity_losses_by_batch(), bool)


def test_zero_at_the_target_and_positive_elsewhere():
    at_target = np.full((10, 4), 0.2, "float32")
    assert abs(float(keras.ops.convert_to_numpy(KLDivergenceSparsity(0.2, 1.0).penalty(at_target)))) < 1e-6
    assert float(keras.ops.convert_to_numpy(KLDivergenceSparsity(0.05, 1.0).penalty(at_target))) > 0


def test_saturated_units_give_a_finite_penalty():
    extremes = np.array([[0.0, 1.0], [0.0, 1.0]], "float32")
    assert np.isfinite(keras.ops.convert_to_numpy(KLDivergenceSparsity(0.05, 1.0)(extremes)))


def test_training_lowers_mean_activation_and_model_round_trips(tmp_path):
    config.seed_everything(0)
    x = np.random.default_rng(0).random((256, 20)).astype("float32")

    def mean_activation(weight):
        config.seed_everything(0)
        hidden = keras.layers.Dense(30, activation="sigmoid", activity_regularizer=KLDivergenceSparsity(0.05, weight))
        model = keras.Sequential([keras.Input((20,)), hidden, keras.layers.Dense(20)])
        model.compile("adam", "mse")
        model.fit(x, x, epochs=30, batch_size=32, verbose=0)
        return model, float(np.mean(keras.ops.convert_to_numpy(hidden(x))))

    _, free = mean_activation(0.0)
    model, sparse = mean_activation(1.0)
    assert sparse < 0.5 * free
    path = tmp_path / "sparse.keras"
    model.save(path)
    reloaded = keras.models.load_model(path)
    regularizer = reloaded.layers[0].activity_regularizer
    assert isinstance(regularizer, KLDivergenceSparsity) and regularizer.get_config() == {"target": 0.05, "weight": 1.0}
    np.testing.assert_allclose(reloaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [({"target": 0}, ValueError, r"target \(a mean activation\) must be a number in \(0, 1\)"),
     ({"target": 1.2}, ValueError, "target"), ({"target": True}, TypeError, "target"),
     ({"weight": -0.1}, ValueError, "weight must be a number >= 0"), ({"weight": "big"}, TypeError, "weight")],
)
def test_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        KLDivergenceSparsity(**kwargs)
