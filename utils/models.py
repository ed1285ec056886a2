"""Model builders: functions that return ``keras.Sequential`` encoders, decoders and autoencoders.

Introduced in notebook 02 (a deep autoencoder against PCA) and used in
notebooks 03 (deep autoencoders, tied weights), 04 (pretraining), 05 (sparse
codes), 06 (denoising) and 07 (anomaly detection).
"""

import math

import keras
from keras import ops

from ._validate import as_int, as_real, one_of

__all__ = ["DenseTranspose", "dense_autoencoder", "compile_for_reconstruction"]


class DenseTranspose(keras.layers.Layer):
    """A dense layer that reuses another ``Dense`` layer's kernel, transposed (tied weights).

    If ``source`` maps ``n_in -> n_out`` with kernel ``W`` (``n_in x n_out``),
    this layer maps ``n_out -> n_in`` as ``activation(x W^T + b)``: it owns
    only its bias ``b``. A decoder built from these layers has about half the
    parameters of an untied one. Introduced in notebook 03.

    The source layer is tracked by this one, so a tied decoder's own weight
    list includes the encoder kernels it borrows; the whole autoencoder counts
    each shared variable once (``count_params`` shows the saving). The layer
    holds a reference to another layer's variable, which the ``.keras`` format
    cannot express: save such models with ``model.save_weights`` instead.
    """

    def __init__(self, source, activation=None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(source, keras.layers.Dense):
            raise TypeError(f"source must be a keras.layers.Dense layer, got {type(source).__name__}")
        if not source.built:
            raise ValueError(f"the source layer {source.name!r} must be built (called or given an input shape) first")
        self.source = source
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        units_in, units_out = self.source.kernel.shape
        if input_shape[-1] != units_out:
            raise ValueError(
                f"{self.name} expects inputs with {units_out} features (the source layer's outputs), "
                f"got shape {tuple(input_shape)}"
            )
        self.bias = self.add_weight(shape=(units_in,), initializer="zeros", name="bias")

    def call(self, inputs):
        return self.activation(ops.matmul(inputs, ops.transpose(self.source.kernel)) + self.bias)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.source.kernel.shape[0])

    def get_config(self):
        raise NotImplementedError(
            "DenseTranspose shares its kernel with another layer and cannot be serialised; "
            "save the model's weights with model.save_weights(...) and rebuild it with the same builder"
        )


def dense_autoencoder(
    input_shape,
    code_size,
    hidden_units=(256, 64),
    activation="relu",
    output_activation="sigmoid",
    tied=False,
    code_activation=None,
    code_regularizer=None,
):
    """A stacked (deep) dense autoencoder: ``(encoder, decoder, autoencoder)``, all ``keras.Sequential``.

    The encoder flattens an input of ``input_shape`` (e.g. ``(28, 28)``) and
    applies ``Dense`` layers of ``hidden_units`` then a linear ``Dense`` code
    of ``code_size`` units; the decoder mirrors it and reshapes back, ending in
    ``output_activation`` (``"sigmoid"`` for pixels in [0, 1], ``None`` for
    unbounded data). ``hidden_units=()`` gives a single-layer autoencoder.
    With ``tied=True`` each decoder layer is a :class:`DenseTranspose` of its
    mirror-image encoder layer. ``code_activation`` and ``code_regularizer``
    (an activity regulariser) apply to the code layer: notebook 05 makes an
    overcomplete, sparse code with ``code_activation="sigmoid"`` and an L1,
    L2 or KL penalty. The autoencoder is not compiled. Introduced in
    notebook 02.
    """
    if isinstance(input_shape, int):
        input_shape = (input_shape,)
    input_shape = tuple(as_int(d, "input_shape", minimum=1) for d in input_shape)
    if not input_shape:
        raise ValueError("input_shape must have at least one dimension")
    code_size = as_int(code_size, "code_size", minimum=1)
    hidden_units = tuple(as_int(u, "hidden_units", minimum=1) for u in hidden_units)
    keras.activations.get(activation), keras.activations.get(output_activation)  # fail early on a typo
    n_inputs = math.prod(input_shape)

    encoder_layers = [keras.layers.Dense(u, activation=activation, name=f"encoder_{i}") for i, u in enumerate(hidden_units)]
    keras.activations.get(code_activation)
    code_layer = keras.layers.Dense(
        code_size, activation=code_activation, activity_regularizer=code_regularizer, name="code"
    )
    encoder = keras.Sequential(
        [keras.Input(input_shape), keras.layers.Flatten(), *encoder_layers, code_layer], name="encoder"
    )

    if tied:
        mirrored = [code_layer, *reversed(encoder_layers)]
        activations = [activation] * (len(mirrored) - 1) + [output_activation]
        decoder_layers = [
            DenseTranspose(source, activation=act, name=f"decoder_{i}")
            for i, (source, act) in enumerate(zip(mirrored, activations))
        ]
    else:
        decoder_layers = [
            keras.layers.Dense(u, activation=activation, name=f"decoder_{i}") for i, u in enumerate(reversed(hidden_units))
        ]
        decoder_layers.append(keras.layers.Dense(n_inputs, activation=output_activation, name="reconstruction"))
    decoder = keras.Sequential(
        [keras.Input((code_size,)), *decoder_layers, keras.layers.Reshape(input_shape)], name="decoder"
    )
    autoencoder = keras.Sequential([keras.Input(input_shape), encoder, decoder], name="autoencoder")
    return encoder, decoder, autoencoder


def compile_for_reconstruction(model, loss="mse", learning_rate=1e-3):
    """Compile with Adam and ``loss`` (``"mse"`` or ``"binary_crossentropy"``); returns the model.

    ``steps_per_execution`` is raised so that small models on a CPU do not
    spend their time in Python between batches. Introduced in notebook 02.
    """
    one_of(loss, "loss", {"mse", "binary_crossentropy"})
    learning_rate = as_real(learning_rate, "learning_rate", low=0, low_inclusive=False)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss, steps_per_execution=16)
    return model
