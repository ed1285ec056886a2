"""Metrics for reconstructions and subspaces, with PCA as the reference.

Introduced in notebook 03 (autoencoder against PCA) and used in notebooks
04-08; the mask overlaps (IoU, Dice) in notebook 12.
"""

import numpy as np

from ._validate import as_int, as_numeric_array, as_real

__all__ = ["mse", "per_observation_mse", "psnr", "principal_angles", "pca_reconstruction_mse", "iou", "dice", "masked_mse", "paired_comparison",
           "phase_pattern", "mean_ssim"]


def _pair(x, x_hat):
    x = as_numeric_array(x, "x", min_ndim=1)
    x_hat = as_numeric_array(x_hat, "x_hat", min_ndim=1)
    if x.shape != x_hat.shape:
        raise ValueError(f"x and x_hat must have the same shape, got {x.shape} and {x_hat.shape}")
    return x.astype(np.float64), x_hat.astype(np.float64)


def mse(x, x_hat):
    """Mean squared error over every number: the reconstruction loss of Module 4."""
    x, x_hat = _pair(x, x_hat)
    return float(np.mean((x - x_hat) ** 2))


def per_observation_mse(x, x_hat):
    """MSE_i = (1/k) ||x_i - x~_i||^2 for each observation (row) i, k numbers per observation.

    ``x`` has shape ``(n, ...)``; returns ``n`` errors. Notebook 08 ranks
    observations by it to find anomalies.
    """
    x, x_hat = _pair(x, x_hat)
    if x.ndim < 2:
        raise ValueError(f"x must hold observations along its first axis, shape (n, ...), got {x.shape}")
    return np.mean((x - x_hat).reshape(len(x), -1) ** 2, axis=1)


def psnr(x, x_hat, data_range=1.0):
    """Peak signal-to-noise ratio in dB, ``10 log10(data_range^2 / MSE)``, per image, then averaged.

    ``x`` and ``x_hat`` are one image or a batch ``(n, ...)`` (``n`` > 1 with
    more than two dimensions); higher is better, and +3 dB halves the MSE.
    Introduced in notebook 07.
    """
    data_range = as_real(data_range, "data_range", low=0, low_inclusive=False)
    x, x_hat = _pair(x, x_hat)
    per_image = per_observation_mse(x, x_hat) if x.ndim > 2 else np.array([mse(x, x_hat)])
    if np.any(per_image == 0):
        raise ValueError("an image is reconstructed exactly: its PSNR is infinite")
    return float(np.mean(10 * np.log10(data_range**2 / per_image)))


def principal_angles(a, b):
    """Principal angles in degrees between the column spaces of ``a`` and ``b``, largest first.

    Both are ``(d, k)`` matrices whose columns span a subspace of R^d. Zero
    degrees everywhere means the same subspace. Notebook 03 compares an
    autoencoder's decoder weights with the principal components this way.
    """
    from scipy.linalg import subspace_angles

    a = as_numeric_array(a, "a", ndim=2)
    b = as_numeric_array(b, "b", ndim=2)
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"a and b must live in the same space (same number of rows), got {a.shape} and {b.shape}")
    if np.linalg.matrix_rank(a) < a.shape[1] or np.linalg.matrix_rank(b) < b.shape[1]:
        raise ValueError("the columns of a and of b must be linearly independent")
    return np.degrees(subspace_angles(a.astype(np.float64), b.astype(np.float64)))


def pca_reconstruction_mse(x_fit, x_eval, n_components):
    """MSE of reconstructing ``x_eval`` from its top ``n_components`` principal components of ``x_fit``.

    Both are ``(n, ...)`` arrays (flattened per observation); PCA centres on
    the mean of ``x_fit``. By Eckart-Young no linear code of that size does
    better on ``x_fit``. Introduced in notebook 03.
    """
    from sklearn.decomposition import PCA

    x_fit = as_numeric_array(x_fit, "x_fit", min_ndim=2)
    x_eval = as_numeric_array(x_eval, "x_eval", min_ndim=2)
    flat_fit, flat_eval = x_fit.reshape(len(x_fit), -1), x_eval.reshape(len(x_eval), -1)
    if flat_fit.shape[1] != flat_eval.shape[1]:
        raise ValueError(f"x_fit and x_eval must have the same features, got {x_fit.shape} and {x_eval.shape}")
    n_components = as_int(n_components, "n_components", minimum=1)
    if n_components > min(flat_fit.shape):
        raise ValueError(f"n_components must be at most {min(flat_fit.shape)}, got {n_components}")
    pca = PCA(n_components, svd_solver="full").fit(flat_fit)
    return mse(flat_eval, pca.inverse_transform(pca.transform(flat_eval)))


def _masks(true, predicted):
    true, predicted = np.asarray(true), np.asarray(predicted)
    for name, mask in (("true", true), ("predicted", predicted)):
        if mask.dtype != bool:
            raise TypeError(f"{name} must be a boolean mask (threshold probabilities first), got dtype {mask.dtype}")
        if mask.ndim < 2:
            raise ValueError(f"{name} must hold one mask per image along its first axis, got shape {mask.shape}")
    if true.shape != predicted.shape:
        raise ValueError(f"true and predicted must have the same shape, got {true.shape} and {predicted.shape}")
    flat = (len(true), -1)
    return true.reshape(flat), predicted.reshape(flat)


def iou(true, predicted):
    """Intersection over union |A n B| / |A u B| of each image's boolean masks (1 where both are empty).

    ``true`` and ``predicted`` have shape ``(n, ...)``; returns ``n`` values.
    Equal to scikit-learn's ``jaccard_score`` on each image's pixels.
    """
    true, predicted = _masks(true, predicted)
    union = (true | predicted).sum(axis=1)
    return np.where(union == 0, 1.0, (true & predicted).sum(axis=1) / np.maximum(union, 1))


def dice(true, predicted):
    """Dice coefficient 2|A n B| / (|A| + |B|) of each image's boolean masks (1 where both are empty).

    Equal to the F1 score of the pixels and to 2 IoU / (1 + IoU).
    """
    true, predicted = _masks(true, predicted)
    total = true.sum(axis=1) + predicted.sum(axis=1)
    return np.where(total == 0, 1.0, 2 * (true & predicted).sum(axis=1) / np.maximum(total, 1))


def masked_mse(x, x_hat, masks):
    """The MSE of each image over the pixels its mask keeps: ``n`` numbers.

    ``x`` and ``x_hat`` are ``(n, H, W)`` or ``(n, H, W, channels)``;
    ``masks`` is boolean ``(n, H, W)``, each with at least one pixel. With
    channels, a pixel's error is the mean over its channels. Notebook 10
    scores colorizers on the pixels that belong to each photograph.
    """
    x, x_hat = _pair(x, x_hat)
    masks = np.asarray(masks)
    if masks.dtype != bool or masks.shape != x.shape[:3] or x.ndim not in (3, 4):
        raise ValueError(f"masks must be boolean (n, H, W) matching images of shape {x.shape} "
                         f"((n, H, W) or (n, H, W, channels)), got dtype {masks.dtype} and shape {masks.shape}")
    if not masks.any(axis=(1, 2)).all():
        raise ValueError("every mask must keep at least one pixel")
    per_pixel = (x - x_hat) ** 2
    if per_pixel.ndim == 4:
        per_pixel = per_pixel.mean(axis=-1)
    return (per_pixel * masks).sum(axis=(1, 2)) / masks.sum(axis=(1, 2))


def paired_comparison(errors, baseline_errors):
    """Compare two methods on the same items (photographs, seeds), lower is better.

    Returns a dict: ``ratio`` (mean error over the baseline's mean error),
    ``difference`` (the mean of the paired differences, ``errors -
    baseline_errors``), ``spread`` (their standard deviation), ``interval``
    (the difference plus and minus two standard errors: about 95%
    confidence that the mean difference lies there when there are many
    items, less with few, e.g. three seeds in notebook 09) and ``wins`` (the share
    of items where ``errors`` is lower). Introduced in notebook 10.
    """
    errors = as_numeric_array(errors, "errors", ndim=1).astype(np.float64)
    baseline_errors = as_numeric_array(baseline_errors, "baseline_errors", ndim=1).astype(np.float64)
    if errors.shape != baseline_errors.shape or len(errors) < 2:
        raise ValueError(f"errors and baseline_errors must be paired, the same length of at least 2, "
                         f"got {errors.shape} and {baseline_errors.shape}")
    differences = errors - baseline_errors
    spread = float(differences.std(ddof=1))
    half_width = 2 * spread / np.sqrt(len(differences))
    mean = float(differences.mean())
    return {"ratio": float(errors.mean() / baseline_errors.mean()), "difference": mean, "spread": spread,
            "interval": (mean - half_width, mean + half_width), "wins": float(np.mean(differences < 0))}


def phase_pattern(images, period=2):
    """The signed pattern images share at each pixel phase: ``(pattern, standard_error)``, both ``(period, period)``.

    A pixel at row ``i`` and column ``j`` has phase ``(i mod period, j mod
    period)``. For each image the mean at every phase, minus the image's
    own mean, gives a ``period x period`` pattern; ``pattern`` is its mean
    over the images and ``standard_error`` the standard error of that mean
    (zeros for a single image). A checkerboard that sits in the same place
    in every image (as one painted by a stride-2 decoder does) survives the
    averaging; squared errors could not show it, since a pattern of plus and
    minus errs equally at every phase. Content placed alike in every image
    survives too: MNIST centres its digits the same way, so even a
    stride-free blur's residual shows a small pattern, and a pattern says
    something about a decoder only next to such a negative control
    (notebook 09 prints one). Use ``period=2`` for one stride-2 layer
    and ``period=4`` for two in a row (a pattern painted at 14x14 and
    doubled to 28x28). ``images`` is ``(n, H, W)`` or one ``(H, W)`` image,
    ``H`` and ``W`` multiples of ``period``. Introduced in notebook 09.
    """
    period = as_int(period, "period", minimum=2)
    images = as_numeric_array(images, "images", min_ndim=2, max_ndim=3).astype(np.float64)
    if images.ndim == 2:
        images = images[None]
    n, height, width = images.shape
    if n == 0 or height % period or width % period:
        raise ValueError(f"images must be (n, H, W) with n >= 1 and H, W multiples of period {period}, got {images.shape}")
    means = images.reshape(n, height // period, period, width // period, period).mean(axis=(1, 3))
    per_image = means - means.mean(axis=(1, 2), keepdims=True)
    spread = per_image.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.zeros((period, period))
    return per_image.mean(axis=0), spread


def mean_ssim(x, x_hat, data_range=1.0):
    """Mean structural similarity (SSIM) over a batch of grey images ``(n, H, W)``, in one vectorised pass.

    Gives the number ``np.mean([skimage.metrics.structural_similarity(a, b,
    data_range=data_range) for a, b in zip(x, x_hat)])`` gives (scikit-image's
    defaults: a 7x7 uniform window, sample covariance, K1 = 0.01, K2 = 0.03,
    a 3-pixel border left out, each image's mean taken in float64), to
    rounding, without a Python loop over the images: the window means of the
    whole stack are computed at once. Images are at least 7x7; float32
    inputs are computed in float32 as scikit-image does, anything else in
    float64. 1 means identical. Notebook 07 scores its denoisers with it.
    """
    from scipy.ndimage import uniform_filter

    data_range = as_real(data_range, "data_range", low=0, low_inclusive=False)
    x = as_numeric_array(x, "x", ndim=3)
    x_hat = as_numeric_array(x_hat, "x_hat", ndim=3)
    if x.shape != x_hat.shape or len(x) == 0:
        raise ValueError(f"x and x_hat must be non-empty batches of the same shape (n, H, W), got {x.shape} and {x_hat.shape}")
    win = 7
    if min(x.shape[1:]) < win:
        raise ValueError(f"images must be at least {win}x{win}, got {x.shape[1:]}")
    dtype = np.float32 if x.dtype == np.float32 and x_hat.dtype == np.float32 else np.float64
    a, b = x.astype(dtype, copy=False), x_hat.astype(dtype, copy=False)
    size = (1, win, win)                                   # each image filtered on its own
    cov_norm = win**2 / (win**2 - 1)                       # sample covariance
    ux, uy = uniform_filter(a, size=size), uniform_filter(b, size=size)
    uxx, uyy, uxy = uniform_filter(a * a, size=size), uniform_filter(b * b, size=size), uniform_filter(a * b, size=size)
    vx, vy, vxy = cov_norm * (uxx - ux * ux), cov_norm * (uyy - uy * uy), cov_norm * (uxy - ux * uy)
    c1, c2 = (0.01 * data_range) ** 2, (0.03 * data_range) ** 2
    s = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux**2 + uy**2 + c1) * (vx + vy + c2))
    pad = (win - 1) // 2
    per_image = s[:, pad:-pad, pad:-pad].reshape(len(s), -1).mean(axis=1, dtype=np.float64)
    return float(np.mean(per_image))
