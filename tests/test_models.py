"""utils.models: the dense autoencoder builder and tied weights."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from utils import config, models  # noqa: E402


@pytest.mark.parametrize("tied", [False, True])
def test_shapes(tied):
    encoder, decoder, autoencoder = models.dense_autoencoder((28, 28), code_size=5, hidden_units=(32, 16), tied=tied)
    x = np.random.default_rng(0).random((3, 28, 28)).astype("float32")
    assert encoder.output_shape == (None, 5)
    assert decoder.output_shape == (None, 28, 28)
    out = keras.ops.convert_to_numpy(autoencoder(x))
    assert out.shape == (3, 28, 28) and out.min() >= 0 and out.max() <= 1  # sigmoid output


def test_tied_weights_halve_the_parameters():
    _, _, untied = models.dense_autoencoder(784, code_size=8, hidden_units=(64,))
    encoder, tied_decoder, tied = models.dense_autoencoder(784, code_size=8, hidden_units=(64,), tied=True)
    encoder_params = 784 * 64 + 64 + 64 * 8 + 8
    assert untied.count_params() == encoder_params + (8 * 64 + 64 + 64 * 784 + 784)
    assert tied.count_params() == encoder_params + 64 + 784  # shared kernels counted once, plus the decoder's biases
    own = [w for layer in tied_decoder.layers for w in layer.weights if w.path.startswith("decoder/")]
    assert sorted(tuple(w.shape) for w in own) == [(64,), (784,)]


def test_dense_transpose_computes_x_times_kernel_transposed():
    source = keras.layers.Dense(3)
    source.build((None, 5))
    layer = models.DenseTranspose(source, activation="relu")
    x = np.random.default_rng(1).normal(size=(4, 3)).astype("float32")
    out = keras.ops.convert_to_numpy(layer(x))
    kernel = keras.ops.convert_to_numpy(source.kernel)
    np.testing.assert_allclose(out, np.maximum(x @ kernel.T, 0), rtol=1e-5, atol=1e-6)
    source.kernel.assign(np.zeros((5, 3), "float32"))  # shared, not copied
    assert np.all(keras.ops.convert_to_numpy(layer(x)) == 0)


def test_training_lowers_the_loss_and_untied_models_save(tmp_path):
    config.seed_everything(0)
    x = np.random.default_rng(0).random((256, 20)).astype("float32")
    _, _, autoencoder = models.dense_autoencoder(20, code_size=4, hidden_units=(16,))
    models.compile_for_reconstruction(autoencoder, "binary_crossentropy", learning_rate=1e-2)
    history = autoencoder.fit(x, x, epochs=5, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    path = tmp_path / "ae.keras"
    autoencoder.save(path)
    reloaded = keras.models.load_model(path)
    np.testing.assert_allclose(reloaded.predict(x, verbose=0), autoencoder.predict(x, verbose=0), atol=1e-6)


def test_tied_models_refuse_serialisation_with_advice():
    _, _, autoencoder = models.dense_autoencoder(10, code_size=2, hidden_units=(), tied=True)
    with pytest.raises(NotImplementedError, match="save_weights"):
        autoencoder.layers[1].layers[0].get_config()


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"input_shape": (28, 28), "code_size": 0}, ValueError, "code_size must be >= 1"),
        ({"input_shape": (28, 28), "code_size": 2.5}, TypeError, "code_size must be an integer"),
        ({"input_shape": (28, 28), "code_size": 2, "hidden_units": (16, -1)}, ValueError, "hidden_units must be >= 1"),
        ({"input_shape": (), "code_size": 2}, ValueError, "at least one dimension"),
        ({"input_shape": (28, 28), "code_size": 2, "activation": "rellu"}, ValueError, "rellu"),
    ],
)
def test_bad_builder_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        models.dense_autoencoder(**kwargs)


def test_dense_transpose_bad_sources():
    with pytest.raises(TypeError, match="Dense layer"):
        models.DenseTranspose(keras.layers.Conv2D(2, 3))
    with pytest.raises(ValueError, match="must be built"):
        models.DenseTranspose(keras.layers.Dense(2))
    source = keras.layers.Dense(3)
    source.build((None, 5))
    with pytest.raises(ValueError, match="expects inputs with 3 features"):
        models.DenseTranspose(source)(np.zeros((1, 4), "float32"))


def test_compile_rejects_unknown_loss():
    _, _, autoencoder = models.dense_autoencoder(10, code_size=2, hidden_units=())
    with pytest.raises(ValueError, match="loss must be one of"):
        models.compile_for_reconstruction(autoencoder, "mae")
    with pytest.raises(ValueError, match="learning_rate"):
        models.compile_for_reconstruction(autoencoder, "mse", learning_rate=0)


def test_sparse_code_layer_options():
    encoder, _, _ = models.dense_autoencoder(
        784, code_size=1000, hidden_units=(), code_activation="sigmoid", code_regularizer=keras.regularizers.L1(1e-4)
    )
    code = encoder.get_layer("code")
    assert code.units == 1000 and code.activation is keras.activations.sigmoid
    assert isinstance(code.activity_regularizer, keras.regularizers.L1)
    with pytest.raises(ValueError, match="sigmoidd"):
        models.dense_autoencoder(784, code_size=10, code_activation="sigmoidd")
