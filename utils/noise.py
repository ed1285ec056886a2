"""Corrupting images: noise added to data, and noise layers that act during training only.

Introduced in notebook 07 (denoising autoencoders): the model sees a corrupted
input and is trained to output the clean image.
"""

import keras
import numpy as np

from ._validate import as_int, as_numeric_array, as_real

__all__ = ["add_gaussian_noise", "mask_pixels", "square_holes", "diffusion_fill", "MaskingNoise"]


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


def square_holes(n, seed, image_size=28, hole=9, margin=5):
    """Boolean masks of shape ``(n, image_size, image_size)``, each with one random ``hole`` x ``hole`` square.

    The squares keep ``margin`` pixels away from the border, where digits
    have no ink. Used for inpainting in notebook 07.
    """
    n = as_int(n, "n (the number of masks)", minimum=1)
    image_size = as_int(image_size, "image_size", minimum=1)
    hole = as_int(hole, "hole (the side of the square)", minimum=1)
    margin = as_int(margin, "margin", minimum=0)
    if hole + 2 * margin > image_size:
        raise ValueError(f"a {hole}x{hole} square with a margin of {margin} does not fit in {image_size}x{image_size}")
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    masks = np.zeros((n, image_size, image_size), dtype=bool)
    for mask, (top, left) in zip(masks, rng.integers(margin, image_size - hole - margin + 1, size=(n, 2))):
        mask[top : top + hole, left : left + hole] = True
    return masks


def diffusion_fill(images, holes, rounds=200):
    """Fill the ``holes`` of ``(n, height, width)`` images from their borders, knowing nothing about digits.

    Each missing pixel becomes the mean of its four neighbours, repeated
    ``rounds`` times (heat diffusion); pixels outside the holes are kept.
    The baseline an inpainting autoencoder must beat in notebook 07.
    """
    images = as_numeric_array(images, "images", ndim=3).astype(np.float32)
    holes = np.asarray(holes)
    if holes.dtype != bool or holes.shape != images.shape:
        raise ValueError(f"holes must be a boolean mask of the images' shape {images.shape}, "
                         f"got dtype {holes.dtype} and shape {holes.shape}")
    rounds = as_int(rounds, "rounds", minimum=1)
    filled = np.where(holes, 0.0, images).astype(np.float32)   # what is inside a hole is never read
    for _ in range(rounds):
        padded = np.pad(filled, ((0, 0), (1, 1), (1, 1)), mode="edge")
        neighbours = (padded[:, :-2, 1:-1] + padded[:, 2:, 1:-1] + padded[:, 1:-1, :-2] + padded[:, 1:-1, 2:]) / 4
        filled = np.where(holes, neighbours, images)
    return filled


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
