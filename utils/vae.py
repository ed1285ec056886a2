"""A variational autoencoder written with ``keras.ops`` only, so it runs on every Keras backend.

Introduced in notebook 11. The model avoids the traps of the well-known
examples: no symbolic ``add_loss``; no ``train_step`` with TensorFlow-only
calls (Keras' own training and test steps call :meth:`VAE.compute_loss`, on
TensorFlow, JAX and PyTorch alike), so ``fit(validation_data=...)`` and
``evaluate`` work; a seeded sampling layer; saving and loading in the
``.keras`` format.
"""

import math

import keras
from keras import ops

from ._validate import as_int, as_real

__all__ = ["Sampling", "VAE", "dense_vae_parts", "kl_to_standard_normal"]


@keras.saving.register_keras_serializable(package="course")
class Sampling(keras.layers.Layer):
    """The reparameterisation trick: ``z = mean + exp(log_var / 2) * eps`` with ``eps ~ N(0, I)``.

    Called on ``(mean, log_var)``. The noise comes from a
    ``keras.random.SeedGenerator``, so a seeded layer draws the same
    sequence on every run, and gradients flow to ``mean`` and ``log_var``
    because the randomness is an input, not a step in between. Introduced
    in notebook 11.
    """

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = None if seed is None else as_int(seed, "seed", minimum=0)
        self.seed_generator = keras.random.SeedGenerator(self.seed)

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 2:
            raise ValueError("Sampling is called on a pair (mean, log_var)")
        mean, log_var = inputs
        if tuple(mean.shape) != tuple(log_var.shape):
            raise ValueError(f"mean and log_var must have the same shape, got {tuple(mean.shape)} and {tuple(log_var.shape)}")
        eps = keras.random.normal(ops.shape(mean), seed=self.seed_generator)
        return mean + ops.exp(0.5 * log_var) * eps

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


def kl_to_standard_normal(mean, log_var):
    """KL( N(mean, diag(exp(log_var))) || N(0, I) ) per example: ``-1/2 sum(1 + log_var - mean^2 - exp(log_var))``.

    Works on backend tensors and NumPy arrays of shape ``(n, latent_dim)``.
    Introduced in notebook 11.
    """
    return -0.5 * ops.sum(1.0 + log_var - ops.square(mean) - ops.exp(log_var), axis=-1)


@keras.saving.register_keras_serializable(package="course")
class VAE(keras.Model):
    """A VAE from a ``keras.Sequential`` encoder (outputs ``2 * latent_dim``: mean, then log-variance) and decoder.

    Loss per image = reconstruction + ``beta`` x KL, averaged over the batch:
    the reconstruction term is the binary cross-entropy summed over pixels
    (images in [0, 1], decoder ending in a sigmoid), the KL term is
    :func:`kl_to_standard_normal`. Training reports ``loss``,
    ``reconstruction`` and ``kl`` separately (and ``val_`` versions with
    ``validation_data``). Calling the model samples a code in training and
    uses the mean otherwise, so ``predict`` is deterministic. Compile with
    an optimizer only: ``vae.compile(optimizer="adam")``. Introduced in
    notebook 11.
    """

    def __init__(self, encoder, decoder, beta=1.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        for part, name in ((encoder, "encoder"), (decoder, "decoder")):
            if not isinstance(part, keras.Model):
                raise TypeError(f"{name} must be a Keras model (e.g. keras.Sequential), got {type(part).__name__}")
        width = encoder.output_shape[-1]
        if len(encoder.output_shape) != 2 or width is None or width % 2:
            raise ValueError(
                f"the encoder must output (batch, 2 * latent_dim) numbers, mean then log-variance; "
                f"got output shape {encoder.output_shape}"
            )
        self.latent_dim = width // 2
        if tuple(decoder.input_shape[1:]) != (self.latent_dim,):
            raise ValueError(f"the decoder must take codes of shape ({self.latent_dim},), got input shape {decoder.input_shape}")
        if tuple(decoder.output_shape[1:]) != tuple(encoder.input_shape[1:]):
            raise ValueError(
                f"the decoder's output shape {decoder.output_shape[1:]} must match the encoder's input shape "
                f"{encoder.input_shape[1:]}"
            )
        self.encoder, self.decoder = encoder, decoder
        self.beta = as_real(beta, "beta", low=0)
        self.seed = seed
        self.sampling = Sampling(seed, name="sampling")
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.reconstruction_tracker = keras.metrics.Mean(name="reconstruction")
        self.kl_tracker = keras.metrics.Mean(name="kl")

    def build(self, input_shape=None):
        # the encoder and decoder arrive built (Sequential models with an Input); the sampler has no weights
        self.sampling.build((None, self.latent_dim))
        self.built = True

    def encode(self, x, training=False):
        """``(mean, log_var)`` of the codes of images ``x``."""
        stats = self.encoder(x, training=training)
        return stats[:, : self.latent_dim], stats[:, self.latent_dim :]

    def call(self, x, training=False):
        mean, log_var = self.encode(x, training=training)
        z = self.sampling((mean, log_var)) if training else mean
        return self.decoder(z, training=training)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        mean, log_var = self.encode(x, training=training)
        n = ops.shape(x)[0]
        x_flat = ops.reshape(ops.cast(x, y_pred.dtype), (n, -1))
        p_flat = ops.clip(ops.reshape(y_pred, (n, -1)), 1e-7, 1.0 - 1e-7)
        bce = -(x_flat * ops.log(p_flat) + (1.0 - x_flat) * ops.log(1.0 - p_flat))
        reconstruction = ops.mean(ops.sum(bce, axis=1))
        kl = ops.mean(kl_to_standard_normal(mean, log_var))
        total = reconstruction + self.beta * kl
        self.loss_tracker.update_state(total)
        self.reconstruction_tracker.update_state(reconstruction)
        self.kl_tracker.update_state(kl)
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        return {m.name: m.result() for m in self.metrics}

    @property
    def metrics(self):
        return [self.loss_tracker, self.reconstruction_tracker, self.kl_tracker]

    def get_config(self):
        return {
            **super().get_config(),
            "encoder": keras.saving.serialize_keras_object(self.encoder),
            "decoder": keras.saving.serialize_keras_object(self.decoder),
            "beta": self.beta,
            "seed": self.seed,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        encoder = keras.saving.deserialize_keras_object(config.pop("encoder"))
        decoder = keras.saving.deserialize_keras_object(config.pop("decoder"))
        return cls(encoder, decoder, **config)


def dense_vae_parts(input_shape=(28, 28), latent_dim=2, hidden_units=(256, 64), activation="relu"):
    """``(encoder, decoder)``, both ``keras.Sequential``, for :class:`VAE` on images in [0, 1].

    The encoder flattens, applies ``Dense`` layers of ``hidden_units`` and
    ends in a linear ``Dense(2 * latent_dim)`` (mean, then log-variance);
    the decoder mirrors it and ends in a sigmoid and a reshape to
    ``input_shape``. The same layer sizes as
    :func:`utils.models.dense_autoencoder`, so a plain autoencoder and a VAE
    can be compared like for like. Introduced in notebook 11.
    """
    input_shape = tuple(as_int(d, "input_shape", minimum=1) for d in input_shape)
    latent_dim = as_int(latent_dim, "latent_dim", minimum=1)
    hidden_units = tuple(as_int(u, "hidden_units", minimum=1) for u in hidden_units)
    keras.activations.get(activation)
    encoder = keras.Sequential(
        [keras.Input(input_shape), keras.layers.Flatten()]
        + [keras.layers.Dense(u, activation=activation) for u in hidden_units]
        + [keras.layers.Dense(2 * latent_dim, name="mean_and_log_var")],
        name="vae_encoder",
    )
    decoder = keras.Sequential(
        [keras.Input((latent_dim,))]
        + [keras.layers.Dense(u, activation=activation) for u in reversed(hidden_units)]
        + [keras.layers.Dense(math.prod(input_shape), activation="sigmoid"), keras.layers.Reshape(input_shape)],
        name="vae_decoder",
    )
    return encoder, decoder
