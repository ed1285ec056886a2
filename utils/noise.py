"""Corrupting images: noise added to data, and noise layers that act during training only.

Introduced in notebook 07 (denoising autoencoders): the model sees a corrupted
input and is trained to output the clean image.
"""

import keras
import numpy as np

from ._validate import as_int, as_numeric_array, as_real

__all__ = ["add_gaussian_noise", "mask_pixels", "MaskingNoise"]


def _check_images(images):
    images = as_numeric_array(images, "images", min_ndim=2)
    if images.min() < 0 or images.max() > 1:
        raise ValueError(f"images must hold values in [0, 1], got [{images.min()}, {images.max()}]")
    return images


def add_gaussian_noise(images, sigma, seed):
    """``images + sigma * N(0, 1)`` noise, clipped back to [0, 1]; float32.

    ``sigma`` is the noise level in units of the pixel range (0.3 is heavy).
    The same ``seed`` gives the same noise.
    """
    images = _check_images(images)
    sigma = as_real(sigma, "sigma (the noise level)", low=0)
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    return np.clip(images + sigma * rng.standard_normal(images.shape), 0.0, 1.0).astype(np.float32)


def mask_pixels(images, rate, seed):
    """Masking ("dropout") noise on the data: each pixel set to 0 with probability ``rate``; float32."""
    images = _check_images(images)
    rate = as_real(rate, "rate (a probability)", 0, 1, high_inclusive=False)
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    return (images * (rng.random(images.shape) >= rate)).astype(np.float32)


@keras.saving.register_keras_serializable(package="course")
class MaskingNoise(keras.layers.Layer):
    """Sets each input value to 0 with probability ``rate`` during training; the identity otherwise.

    Unlike ``keras.layers.Dropout`` it does not rescale the values it keeps,
    so a denoising autoencoder sees inputs with the same intensities in
    training and in use. Seeded through a ``keras.random.SeedGenerator``.
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = as_real(rate, "rate (a probability)", 0, 1, high_inclusive=False)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        keep = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator) >= self.rate
        return inputs * keras.ops.cast(keep, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
