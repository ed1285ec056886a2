"""utils.regularizers: the KL-divergence sparsity penalty."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from utils import config  # noqa: E402
from utils.regularizers import KLDivergenceSparsity  # noqa: E402


def _kl_numpy(activations, rho, weight):
    rho_hat = activations.mean(axis=0)
    return weight * np.sum(rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat)))


def test_value_matches_the_formula():
    a = np.random.default_rng(0).uniform(0.01, 0.99, size=(32, 7)).astype("float32")
    value = keras.ops.convert_to_numpy(KLDivergenceSparsity(0.05, 0.3)(a))
    assert np.isclose(value, _kl_numpy(a.astype(float), 0.05, 0.3), rtol=1e-4)


def test_zero_at_the_target_and_positive_elsewhere():
    at_target = np.full((10, 4), 0.2, "float32")
    assert abs(float(keras.ops.convert_to_numpy(KLDivergenceSparsity(0.2, 1.0)(at_target)))) < 1e-6
    assert float(keras.ops.convert_to_numpy(KLDivergenceSparsity(0.05, 1.0)(at_target))) > 0


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
