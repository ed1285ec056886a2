"""utils.vae: the Sampling layer and the VAE model (notebook 11)."""

import importlib.util
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from utils import config, vae  # noqa: E402

RNG = np.random.default_rng(0)
X = (RNG.random((64, 8, 8)) > 0.7).astype("float32")


def small_vae(beta=1.0, seed=3):
    config.seed_everything(42)
    encoder, decoder = vae.dense_vae_parts((8, 8), latent_dim=2, hidden_units=(16,))
    model = vae.VAE(encoder, decoder, beta=beta, seed=seed)
    model.compile(optimizer=keras.optimizers.Adam(1e-2))
    return model


def test_sampling_is_seeded_and_has_the_right_moments():
    mean = np.full((20000, 2), [1.0, -2.0], "float32")
    log_var = np.full((20000, 2), np.log([0.25, 4.0]), "float32")
    z1 = keras.ops.convert_to_numpy(vae.Sampling(seed=7)((mean, log_var)))
    z2 = keras.ops.convert_to_numpy(vae.Sampling(seed=7)((mean, log_var)))
    assert np.array_equal(z1, z2)  # same seed, same draws
    np.testing.assert_allclose(z1.mean(axis=0), [1.0, -2.0], atol=0.05)
    np.testing.assert_allclose(z1.std(axis=0), [0.5, 2.0], rtol=0.03)
    layer = vae.Sampling(seed=7)
    assert not np.array_equal(keras.ops.convert_to_numpy(layer((mean, log_var))), keras.ops.convert_to_numpy(layer((mean, log_var))))


def test_sampling_bad_input():
    with pytest.raises(ValueError, match="pair"):
        vae.Sampling()(np.zeros((2, 2), "float32"))
    with pytest.raises(ValueError, match="same shape"):
        vae.Sampling()((np.zeros((2, 2), "float32"), np.zeros((2, 3), "float32")))
    with pytest.raises(ValueError, match="seed"):
        vae.Sampling(seed=-1)


def test_kl_formula():
    assert float(vae.kl_to_standard_normal(np.zeros((1, 3)), np.zeros((1, 3)))[0]) == 0.0
    mean, log_var = np.array([[1.0, 0.0]]), np.array([[0.0, np.log(2.0)]])
    expected = 0.5 * (1.0 + 0.0) + 0.5 * (2.0 - 1.0 - np.log(2.0))  # sum over dims of (var + mean^2 - 1 - log var) / 2
    np.testing.assert_allclose(float(vae.kl_to_standard_normal(mean, log_var)[0]), expected, rtol=1e-6)


def test_shapes_and_deterministic_predict():
    model = small_vae()
    assert model.latent_dim == 2
    out = model.predict(X[:5], verbose=0)
    assert out.shape == (5, 8, 8) and out.min() >= 0 and out.max() <= 1
    assert np.array_equal(out, model.predict(X[:5], verbose=0))  # the mean code outside training


def test_losses_reported_separately_and_decrease_with_validation_data():
    model = small_vae()
    history = model.fit(X, epochs=15, batch_size=16, verbose=0, validation_data=(X[:16],)).history
    assert {"loss", "reconstruction", "kl", "val_loss", "val_reconstruction", "val_kl"} <= set(history)
    for key in ("loss", "reconstruction", "val_loss"):
        assert np.all(np.isfinite(history[key])) and history[key][-1] < history[key][0], key
    result = model.evaluate(X, verbose=0, return_dict=True)
    np.testing.assert_allclose(result["loss"], result["reconstruction"] + result["kl"], rtol=1e-4)


def test_beta_weights_the_kl_term():
    model = small_vae(beta=0.0)
    result = model.evaluate(X, verbose=0, return_dict=True)
    np.testing.assert_allclose(result["loss"], result["reconstruction"], rtol=1e-6)
    assert result["kl"] > 0


def test_save_and_reload_in_keras_format(tmp_path):
    model = small_vae(beta=0.5, seed=11)
    model.fit(X, epochs=2, batch_size=16, verbose=0)
    path = tmp_path / "vae.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    assert isinstance(loaded, vae.VAE) and loaded.beta == 0.5 and loaded.seed == 11
    np.testing.assert_allclose(loaded.predict(X[:4], verbose=0), model.predict(X[:4], verbose=0), atol=1e-6)


def test_bad_parts_are_refused():
    encoder, decoder = vae.dense_vae_parts((8, 8), latent_dim=2, hidden_units=(16,))
    odd = keras.Sequential([keras.Input((8, 8)), keras.layers.Flatten(), keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="2 \\* latent_dim"):
        vae.VAE(odd, decoder)
    _, wide_decoder = vae.dense_vae_parts((8, 8), latent_dim=3)
    with pytest.raises(ValueError, match="codes of shape \\(2,\\)"):
        vae.VAE(encoder, wide_decoder)
    _, other_decoder = vae.dense_vae_parts((4, 4), latent_dim=2)
    with pytest.raises(ValueError, match="must match"):
        vae.VAE(encoder, other_decoder)
    with pytest.raises(ValueError, match="beta"):
        vae.VAE(encoder, decoder, beta=-1.0)
    with pytest.raises(TypeError, match="Keras model"):
        vae.VAE("encoder", decoder)


OTHER_BACKENDS = [b for b in ("jax", "torch") if importlib.util.find_spec(b) is not None]


@pytest.mark.parametrize("backend", OTHER_BACKENDS or [pytest.param("jax", marks=pytest.mark.skip(reason="neither JAX nor PyTorch is installed"))])
def test_runs_under_another_backend(backend, tmp_path):
    """The same VAE trains, validates, evaluates and round-trips through .keras on another Keras backend."""
    script = """
import numpy as np, keras
from utils import vae
assert keras.backend.backend() == BACKEND
keras.utils.set_random_seed(0)
x = (np.random.default_rng(0).random((64, 8, 8)) > 0.7).astype("float32")
encoder, decoder = vae.dense_vae_parts((8, 8), latent_dim=2, hidden_units=(16,))
model = vae.VAE(encoder, decoder, seed=1)
model.compile(optimizer=keras.optimizers.Adam(1e-2))
h = model.fit(x, epochs=10, batch_size=16, verbose=0, validation_data=(x[:16],)).history
assert h["loss"][-1] < h["loss"][0] and "val_kl" in h, h
model.evaluate(x, verbose=0)
model.save("vae.keras")
loaded = keras.models.load_model("vae.keras")
assert np.allclose(loaded.predict(x[:4], verbose=0), model.predict(x[:4], verbose=0), atol=1e-5)
print("ok")
""".replace("BACKEND", repr(backend))
    root = pathlib.Path(__file__).resolve().parent.parent
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-2000:]
