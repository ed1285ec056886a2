"""Simulated CT: random ellipse phantoms, projections, dose-dependent noise, reconstruction.

Introduced in notebook 07 for the lecture's application "train an
autoencoder to turn low-dose CT images into high-dose ones", simulated
honestly with scikit-image's Radon transform.
"""

import numpy as np

from ._validate import as_int, as_numeric_array, as_real, one_of

__all__ = ["FBP_FILTERS", "random_phantom", "simulate_ct"]

FBP_FILTERS = ("ramp", "shepp-logan", "cosine", "hamming", "hann")   # iradon's reconstruction filters


def random_phantom(size, seed, n_ellipses=(4, 8)):
    """A ``size x size`` phantom: a head-like outer ellipse with random inner ellipses; values in [0, 1].

    Loosely in the style of the Shepp-Logan phantom (which
    ``skimage.data.shepp_logan_phantom`` provides for testing).
    """
    size = as_int(size, "size", minimum=16)
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    y, x = np.mgrid[-1:1:size * 1j, -1:1:size * 1j]
    image = np.zeros((size, size))

    def ellipse(cx, cy, a, b, angle):
        c, s = np.cos(angle), np.sin(angle)
        u, v = (x - cx) * c + (y - cy) * s, -(x - cx) * s + (y - cy) * c
        return (u / a) ** 2 + (v / b) ** 2 <= 1

    image[ellipse(0, 0, rng.uniform(0.75, 0.9), rng.uniform(0.85, 0.95), rng.uniform(-0.2, 0.2))] = 1.0
    inside = ellipse(0, 0, 0.65, 0.8, 0)
    image[inside] = 0.2
    for _ in range(rng.integers(n_ellipses[0], n_ellipses[1] + 1)):
        region = ellipse(rng.uniform(-0.4, 0.4), rng.uniform(-0.5, 0.5), rng.uniform(0.05, 0.3),
                         rng.uniform(0.05, 0.3), rng.uniform(0, np.pi)) & inside
        image[region] = np.clip(image[region] + rng.uniform(-0.15, 0.4), 0, 1)
    return image


def simulate_ct(image, photons, seed, n_angles=90, attenuation=0.1, filter_name="ramp"):
    """Scan ``image`` with ``photons`` incident photons per ray and reconstruct by filtered back-projection.

    The Radon transform gives line integrals ``p`` of the (scaled) attenuation;
    each detector counts ``Poisson(photons * exp(-p))`` photons, from which
    ``p`` is estimated again, and ``skimage.transform.iradon`` (ramp filter)
    reconstructs the image. Fewer photons means a lower dose and a noisier
    image. Returns the reconstruction, float32 and clipped to [0, 1].

    ``photons`` may also be a sequence of doses: the image is then projected
    once and measured at each dose (counts drawn from a generator seeded with
    ``seed`` for every dose, as separate calls would), and the reconstructions
    come back stacked, one per dose. Notebook 07 scans every phantom at a low
    and a high dose this way.

    ``filter_name`` is the reconstruction filter passed to ``iradon``:
    ``"ramp"`` (plain filtered back-projection) or one of the smoothing
    windows ``"shepp-logan"``, ``"cosine"``, ``"hamming"``, ``"hann"``, which
    trade resolution for less noise (notebook 07's classical baseline for the
    low-dose denoiser). The photon counts depend on ``seed`` only, so the same
    seed with another filter reconstructs the same measurement.
    """
    from skimage.transform import iradon, radon

    image = as_numeric_array(image, "image", ndim=2)
    if image.shape[0] != image.shape[1]:
        raise ValueError(f"image must be square, got {image.shape}")
    several = np.ndim(photons) == 1
    doses = [as_real(p, "photons (the dose)", low=0, low_inclusive=False) for p in (photons if several else [photons])]
    if not doses:
        raise ValueError("photons must name at least one dose, got an empty sequence")
    n_angles = as_int(n_angles, "n_angles", minimum=2)
    seed = as_int(seed, "seed", minimum=0)
    filter_name = one_of(filter_name, "filter_name", set(FBP_FILTERS))
    theta = np.linspace(0.0, 180.0, n_angles, endpoint=False)
    projections = attenuation * radon(image, theta=theta)
    reconstructions = []
    for dose in doses:
        counts = np.random.default_rng(seed).poisson(dose * np.exp(-projections))
        measured = -np.log(np.maximum(counts, 1) / dose) / attenuation
        reconstruction = iradon(measured, theta=theta, filter_name=filter_name)
        reconstructions.append(np.clip(reconstruction, 0, 1).astype(np.float32))
    return np.stack(reconstructions) if several else reconstructions[0]
