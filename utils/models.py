"""Model builders: functions that return ``keras.Sequential`` encoders, decoders and autoencoders.

Introduced in notebook 03 (a deep autoencoder against PCA) and used in
notebooks 04 (deep autoencoders, tied weights), 05 (pretraining), 06 (sparse
codes), 07 (denoising) and 08 (anomaly detection). The convolutional builders
(:func:`conv_encoder`, :func:`conv_decoder`, :func:`conv_autoencoder`) are
introduced in notebook 09 and used in notebooks 07 (denoising) and 10
(colorization). The classifier :func:`cnn_classifier` is introduced in
notebook 02 (convolutional networks) and used in notebook 11 (judging
generated digits).
"""

import math

import keras
from keras import ops

from ._validate import as_int, as_real, one_of

__all__ = [
    "DenseTranspose",
    "dense_autoencoder",
    "conv_encoder",
    "conv_decoder",
    "conv_autoencoder",
    "cnn_classifier",
    "DECODER_METHODS",
    "compile_for_reconstruction",
]

DECODER_METHODS = ("transpose", "upsample")


class DenseTranspose(keras.layers.Layer):
    """A dense layer that reuses another ``Dense`` layer's kernel, transposed (tied weights).

    If ``source`` maps ``n_in -> n_out`` with kernel ``W`` (``n_in x n_out``),
    this layer maps ``n_out -> n_in`` as ``activation(x W^T + b)``: it owns
    only its bias ``b``. A decoder built from these layers has about half the
    parameters of an untied one. Introduced in notebook 04.

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
    (an activity regulariser) apply to the code layer: notebook 06 makes an
    overcomplete, sparse code with ``code_activation="sigmoid"`` and an L1,
    L2 or KL penalty. The autoencoder is not compiled. Introduced in
    notebook 03.
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


def _image_shape(input_shape):
    """``(height, width, channels)`` from ``(h, w)`` or ``(h, w, c)``; ``None`` sizes allowed (any size)."""
    input_shape = tuple(input_shape)
    if len(input_shape) not in (2, 3):
        raise ValueError(f"input_shape must be (height, width) or (height, width, channels), got {input_shape}")
    sizes = tuple(None if d is None else as_int(d, "input_shape", minimum=1) for d in input_shape[:2])
    channels = as_int(input_shape[2], "input_shape channels", minimum=1) if len(input_shape) == 3 else None
    return sizes, channels


def conv_encoder(input_shape=(28, 28), filters=(32, 8), kernel_size=3, activation="relu", name="encoder"):
    """A ``keras.Sequential`` encoder: per entry of ``filters``, ``Conv2D`` (same padding) then ``MaxPooling2D(2)``.

    ``input_shape`` is ``(h, w)`` for grayscale images without a channel axis
    (a ``Reshape`` adds it) or ``(h, w, c)``; ``h`` and ``w`` must be
    divisible by ``2 ** len(filters)`` so that the decoder can return to the
    same size (``None`` accepts any size, for fully convolutional use). The
    code is a stack of feature maps of shape ``(h / 2**n, w / 2**n,
    filters[-1])``. Introduced in notebook 09.
    """
    (height, width), channels = _image_shape(input_shape)
    filters = tuple(as_int(f, "filters", minimum=1) for f in filters)
    if not filters:
        raise ValueError("filters must name at least one convolution stage, got ()")
    kernel_size = as_int(kernel_size, "kernel_size", minimum=1)
    keras.activations.get(activation)
    factor = 2 ** len(filters)
    for size in (height, width):
        if size is not None and size % factor:
            raise ValueError(
                f"image sizes must be divisible by 2**{len(filters)} = {factor} for {len(filters)} pooling stages, "
                f"got input_shape {tuple(input_shape)}"
            )
    front = [keras.layers.Reshape((height, width, 1), name="add_channel")] if channels is None else []
    stages = []
    for i, f in enumerate(filters):
        stages += [
            keras.layers.Conv2D(f, kernel_size, padding="same", activation=activation, name=f"conv_{i}"),
            keras.layers.MaxPooling2D(2, name=f"pool_{i}"),
        ]
    return keras.Sequential([keras.Input(tuple(input_shape)), *front, *stages], name=name)


def conv_decoder(
    code_shape,
    filters=(8, 32),
    method="transpose",
    output_channels=1,
    output_activation="sigmoid",
    kernel_size=3,
    activation="relu",
    squeeze=False,
    name="decoder",
):
    """A ``keras.Sequential`` decoder that doubles the feature maps' size once per entry of ``filters``.

    ``method="transpose"`` (the lecture's method 1): each stage is
    ``Conv2DTranspose(f, kernel_size=2, strides=2)``; the 2x2 kernels placed
    at stride 2 do not overlap, so every output pixel gets exactly one
    contribution (no checkerboard from uneven overlap).
    ``method="upsample"`` (method 2): each stage is ``UpSampling2D(2)``
    (nearest neighbour) then ``Conv2D(f, kernel_size, padding="same")``.
    A final ``Conv2D(output_channels, kernel_size, padding="same")`` with
    ``output_activation`` (``"sigmoid"`` for pixels in [0, 1], ``None`` for
    unbounded targets such as chroma) gives the image; ``squeeze=True``
    drops a single channel axis to return ``(h, w)`` images. Introduced in
    notebook 09.
    """
    code_shape = tuple(code_shape)
    if len(code_shape) != 3:
        raise ValueError(f"code_shape must be (height, width, channels) of the encoder's output, got {code_shape}")
    filters = tuple(as_int(f, "filters", minimum=1) for f in filters)
    if not filters:
        raise ValueError("filters must name at least one upsampling stage, got ()")
    one_of(method, "method", DECODER_METHODS)
    output_channels = as_int(output_channels, "output_channels", minimum=1)
    kernel_size = as_int(kernel_size, "kernel_size", minimum=1)
    keras.activations.get(activation), keras.activations.get(output_activation)
    if squeeze and output_channels != 1:
        raise ValueError(f"squeeze=True needs output_channels=1, got {output_channels}")
    stages = []
    for i, f in enumerate(filters):
        if method == "transpose":
            stages.append(keras.layers.Conv2DTranspose(f, 2, strides=2, activation=activation, name=f"deconv_{i}"))
        else:
            stages += [
                keras.layers.UpSampling2D(2, interpolation="nearest", name=f"upsample_{i}"),
                keras.layers.Conv2D(f, kernel_size, padding="same", activation=activation, name=f"upconv_{i}"),
            ]
    out = keras.layers.Conv2D(output_channels, kernel_size, padding="same", activation=output_activation, name="image")
    layers = [keras.Input(code_shape), *stages, out]
    if squeeze:
        h, w = (None if d is None else d * 2 ** len(filters) for d in code_shape[:2])
        if h is None or w is None:
            raise ValueError(f"squeeze=True needs a code of known size, got code_shape {code_shape}")
        layers.append(keras.layers.Reshape((h, w), name="drop_channel"))
    return keras.Sequential(layers, name=name)


def conv_autoencoder(
    input_shape=(28, 28),
    filters=(32, 8),
    method="transpose",
    output_channels=None,
    output_activation="sigmoid",
    kernel_size=3,
):
    """A convolutional autoencoder: ``(encoder, decoder, autoencoder)``, all ``keras.Sequential``.

    The encoder is :func:`conv_encoder` with ``filters``; the decoder is
    :func:`conv_decoder` with the filters in reverse order and ``method``
    (``"transpose"`` or ``"upsample"``). By default the output has the
    input's shape (a ``(h, w)`` input gives ``(h, w)`` images back);
    ``output_channels`` asks for another number of channels (notebook 10
    maps one lightness channel to two chroma channels). The autoencoder is
    not compiled. Introduced in notebook 09.
    """
    (height, width), channels = _image_shape(input_shape)
    encoder = conv_encoder(input_shape, filters, kernel_size=kernel_size)
    squeeze = channels is None and output_channels in (None, 1)
    if output_channels is None:
        output_channels = channels or 1
    decoder = conv_decoder(
        encoder.output_shape[1:],
        tuple(reversed(filters)),
        method=method,
        output_channels=output_channels,
        output_activation=output_activation,
        kernel_size=kernel_size,
        squeeze=squeeze,
    )
    autoencoder = keras.Sequential([keras.Input(tuple(input_shape)), encoder, decoder], name=f"conv_autoencoder_{method}")
    return encoder, decoder, autoencoder


def cnn_classifier(input_shape=(28, 28), filters=(8, 16), kernel_size=5, pool=True, hidden_units=(), classes=10,
                   activation="relu", name="cnn"):
    """A small convolutional classifier, ``keras.Sequential``: the lecture's conv, ReLU, pool, ..., dense.

    Per entry of ``filters``: ``Conv2D(f, kernel_size)`` with no padding and
    ``activation``, then ``MaxPooling2D(2)`` unless ``pool=False``; then
    ``Flatten``, a ``Dense`` layer with ``activation`` per entry of
    ``hidden_units``, and a ``classes``-way softmax. ``input_shape`` is
    ``(h, w)`` for grayscale images (a ``Reshape`` adds the channel axis) or
    ``(h, w, c)``. Layers are named ``conv_i``, ``pool_i``, ``hidden_i`` and
    ``softmax``. Introduced in notebook 02.
    """
    (height, width), channels = _image_shape(input_shape)
    if height is None or width is None:
        raise ValueError(f"cnn_classifier needs a known image size, got input_shape {tuple(input_shape)}")
    filters = tuple(as_int(f, "filters", minimum=1) for f in filters)
    if not filters:
        raise ValueError("filters must name at least one convolution, got ()")
    kernel_size = as_int(kernel_size, "kernel_size", minimum=1)
    hidden_units = tuple(as_int(u, "hidden_units", minimum=1) for u in hidden_units)
    classes = as_int(classes, "classes", minimum=2)
    keras.activations.get(activation)
    size = min(height, width)
    for _ in filters:
        size = size - kernel_size + 1
        size = size // 2 if pool else size
        if size < 1:
            raise ValueError(f"{len(filters)} convolutions of size {kernel_size}{' with pooling' if pool else ''} "
                             f"shrink a {height}x{width} image to nothing")
    layers = [keras.Input(tuple(input_shape))]
    if channels is None:
        layers.append(keras.layers.Reshape((height, width, 1), name="add_channel"))
    for i, f in enumerate(filters):
        layers.append(keras.layers.Conv2D(f, kernel_size, activation=activation, name=f"conv_{i}"))
        if pool:
            layers.append(keras.layers.MaxPooling2D(2, name=f"pool_{i}"))
    layers.append(keras.layers.Flatten(name="flatten"))
    layers += [keras.layers.Dense(u, activation=activation, name=f"hidden_{i}") for i, u in enumerate(hidden_units)]
    layers.append(keras.layers.Dense(classes, activation="softmax", name="softmax"))
    return keras.Sequential(layers, name=name)


def compile_for_reconstruction(model, loss="mse", learning_rate=1e-3):
    """Compile with Adam and ``loss`` (``"mse"`` or ``"binary_crossentropy"``); returns the model.

    ``steps_per_execution`` is raised so that small models on a CPU do not
    spend their time in Python between batches. Introduced in notebook 03.
    """
    one_of(loss, "loss", {"mse", "binary_crossentropy"})
    learning_rate = as_real(learning_rate, "learning_rate", low=0, low_inclusive=False)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss, steps_per_execution=16)
    return model
