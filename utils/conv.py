"""NumPy reference code for convolution, pooling and upsampling.

Introduced in notebook 01 (convolution by hand) and reused in notebook 09
(convolutional autoencoders), where layer shapes are matched to
:func:`output_size`.

Notation follows Lecture 11 (CS-GY 6923): an input ``x`` of shape
``d1 x d2 x ...`` and a filter ``w`` of shape ``k1 x k2 x ...`` give the
``(d1 - k1 + 1) x (d2 - k2 + 1) x ...`` tensor

    [x (*) w]_{i,j,g} = sum_{l,m,n} x_{i+l-1, j+m-1, g+n-1} w_{l,m,n}

This is *cross-correlation*: the filter is not flipped. It is what deep
learning libraries (Keras ``Conv1D``/``Conv2D``) call convolution.
:func:`convolve` is the true, flipped-kernel convolution of signal processing.
"""

import numpy as np

from ._validate import as_int, as_int_tuple, as_numeric_array, as_real, one_of

__all__ = [
    "output_size",
    "correlate",
    "convolve",
    "conv2d_layer",
    "pool2d",
    "transposed_conv2d",
    "upsample_nearest",
    "gaussian_kernel",
]


def output_size(n, f, padding=0, stride=1):
    """Length of a convolution's output along one axis: floor((W - F + 2P) / S) + 1.

    ``n`` is the input length W, ``f`` the filter length F, ``padding`` the
    zeros P added on each side and ``stride`` the step S. When ``S`` does not
    divide ``W - F + 2P`` the last incomplete window is dropped, as Keras does
    with ``padding="valid"``. Notebook 01 checks this against Keras shapes;
    notebook 09 uses it to predict autoencoder layer shapes.
    """
    n = as_int(n, "n (input length)", minimum=1)
    f = as_int(f, "f (filter length)", minimum=1)
    padding = as_int(padding, "padding", minimum=0)
    stride = as_int(stride, "stride", minimum=1)
    if f > n + 2 * padding:
        raise ValueError(
            f"filter length {f} is larger than the padded input length {n + 2 * padding}"
        )
    return (n - f + 2 * padding) // stride + 1


def _pad_and_check(x, kernel_shape, padding, what="kernel"):
    pads = as_int_tuple(padding, "padding", x.ndim, minimum=0)
    xp = np.pad(x, [(p, p) for p in pads]) if any(pads) else x
    for axis, (k, d) in enumerate(zip(kernel_shape, xp.shape)):
        if k > d:
            raise ValueError(
                f"{what} size {k} on axis {axis} is larger than the (padded) input size {d}; "
                f"input shape {x.shape}, padding {pads}"
            )
    return xp


def correlate(x, w, stride=1, padding=0):
    """Cross-correlate ``x`` with ``w`` (the deep-learning "convolution"), no flip.

    Works for 1D signals, 2D images and 3D tensors (``x.ndim == w.ndim``, 1 to
    3). ``stride`` and ``padding`` are one integer for every axis or one per
    axis; for an RGB image and a ``k1 x k2 x 3`` filter use
    ``padding=(p, p, 0)`` so that the channels are not padded. Introduced in
    notebook 01.

    >>> correlate([1, 4, 3, -1], [1, 2, 1])
    array([12,  9])
    """
    x = as_numeric_array(x, "x", min_ndim=1, max_ndim=3)
    w = as_numeric_array(w, "w (filter)", ndim=x.ndim)
    strides = as_int_tuple(stride, "stride", x.ndim, minimum=1)
    xp = _pad_and_check(x, w.shape, padding, what="filter")
    windows = np.lib.stride_tricks.sliding_window_view(xp, w.shape)
    windows = windows[tuple(slice(None, None, s) for s in strides)]
    return np.tensordot(windows, w, axes=x.ndim)


def convolve(x, w, stride=1, padding=0):
    """True convolution: :func:`correlate` with the filter flipped along every axis.

    For ``stride=1`` and no padding this equals ``np.convolve(x, w, "valid")``
    in 1D and ``scipy.signal.convolve(x, w, "valid")`` in any rank. Notebook
    01 uses it to show that Keras layers cross-correlate.
    """
    w = as_numeric_array(w, "w (filter)", min_ndim=1, max_ndim=3)
    return correlate(x, np.flip(w), stride=stride, padding=padding)


def conv2d_layer(x, kernels, bias=None, stride=1, padding=0):
    """What a Keras ``Conv2D`` layer computes for one image, before its activation.

    ``x`` has shape ``(H, W, C)``; ``kernels`` has the Keras layout
    ``(k1, k2, C, N)``: N filters, each a ``k1 x k2 x C`` tensor applied with
    the 3D definition of Lecture 11 over the full depth. The output has shape
    ``(H', W', N)`` with H', W' from :func:`output_size`. ``bias`` is ``None``
    or a vector of N numbers. Introduced in notebook 01.
    """
    x = as_numeric_array(x, "x (an H x W x C image)", ndim=3)
    kernels = as_numeric_array(kernels, "kernels (k1 x k2 x C x N)", ndim=4)
    if kernels.shape[2] != x.shape[2]:
        raise ValueError(
            f"kernels have depth {kernels.shape[2]} but x has {x.shape[2]} channels; "
            "each filter must span every input channel"
        )
    pad_h, pad_w = as_int_tuple(padding, "padding", 2, minimum=0)
    stride_h, stride_w = as_int_tuple(stride, "stride", 2, minimum=1)
    maps = [
        correlate(x, kernels[..., n], stride=(stride_h, stride_w, 1), padding=(pad_h, pad_w, 0))[
            ..., 0
        ]
        for n in range(kernels.shape[3])
    ]
    out = np.stack(maps, axis=-1)
    if bias is not None:
        bias = as_numeric_array(bias, "bias", ndim=1)
        if bias.shape[0] != kernels.shape[3]:
            raise ValueError(
                f"bias must have one entry per filter ({kernels.shape[3]}), got shape {bias.shape}"
            )
        out = out + bias
    return out


def pool2d(x, size=2, stride=None, mode="max"):
    """Max or average pooling over ``size x size`` windows of a 2D map.

    ``x`` is ``(H, W)`` or ``(H, W, C)`` (pooled channel by channel).
    ``stride`` defaults to ``size`` (non-overlapping windows, as in Keras
    ``MaxPooling2D``); windows that do not fit are dropped. ``mode`` is
    ``"max"`` or ``"average"``. Introduced in notebook 01 with the slides'
    4x4 example.
    """
    x = as_numeric_array(x, "x", min_ndim=2, max_ndim=3)
    mode = one_of(mode, "mode", {"max", "average"})
    size = as_int(size, "size", minimum=1)
    stride = size if stride is None else as_int(stride, "stride", minimum=1)
    if size > x.shape[0] or size > x.shape[1]:
        raise ValueError(f"pool size {size} is larger than the input's height/width {x.shape[:2]}")
    windows = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(0, 1))
    windows = windows[::stride, ::stride]
    reduce = np.max if mode == "max" else np.mean
    return reduce(windows, axis=(-2, -1))


def transposed_conv2d(x, w, stride=2):
    """Transposed convolution ("deconvolution"): each input pixel stamps a scaled copy of the filter.

    Output pixel ``(i*S + a, j*S + b)`` receives ``x[i, j] * w[a, b]``; where
    stamps overlap (filter larger than the stride) they add up, which is the
    source of checkerboard artefacts. With kernel 2 and stride 2 they never
    overlap. Matches Keras ``Conv2DTranspose(padding="valid")``, whose output
    length is ``H * S + max(k - S, 0)``.

    ``x`` is ``(H, W)`` with ``w`` of shape ``(k1, k2)``, or ``(H, W, C_in)``
    with ``w`` in the Keras layout ``(k1, k2, C_out, C_in)``. Introduced in
    notebook 01; notebook 09 builds decoders with it.
    """
    x = as_numeric_array(x, "x", min_ndim=2, max_ndim=3)
    stride = as_int(stride, "stride", minimum=1)
    single_channel = x.ndim == 2
    if single_channel:
        w = as_numeric_array(w, "w (a k1 x k2 filter for a 2D input)", ndim=2)
        x, w = x[..., None], w[:, :, None, None]
    else:
        w = as_numeric_array(w, "w (k1 x k2 x C_out x C_in)", ndim=4)
        if w.shape[3] != x.shape[2]:
            raise ValueError(
                f"w has C_in = {w.shape[3]} but x has {x.shape[2]} channels "
                "(Keras layout is k1 x k2 x C_out x C_in)"
            )
    (h, wd, _), (k1, k2, c_out, _) = x.shape, w.shape
    out = np.zeros(
        ((h - 1) * stride + max(k1, stride), (wd - 1) * stride + max(k2, stride), c_out),
        dtype=np.result_type(x, w, np.float64),
    )
    # stamps[i, j, a, b, o] = sum_c x[i, j, c] * w[a, b, o, c]
    stamps = np.einsum("ijc,aboc->ijabo", x, w)
    for i in range(h):
        for j in range(wd):
            out[i * stride : i * stride + k1, j * stride : j * stride + k2] += stamps[i, j]
    return out[..., 0] if single_channel else out


def upsample_nearest(x, factor=2):
    """Nearest-neighbour upsampling: repeat every pixel ``factor x factor`` times.

    ``x`` is ``(H, W)`` or ``(H, W, C)``. Matches Keras ``UpSampling2D``
    (``interpolation="nearest"``). Introduced in notebook 01; notebook 09
    follows it with a convolution as the second decoder method.
    """
    x = as_numeric_array(x, "x", min_ndim=2, max_ndim=3)
    factor = as_int(factor, "factor", minimum=1)
    return np.repeat(np.repeat(x, factor, axis=0), factor, axis=1)


def gaussian_kernel(size, sigma):
    """A ``size x size`` Gaussian smoothing filter with standard deviation ``sigma`` pixels, summing to 1.

    ``size`` must be odd so that the filter has a centre. Introduced in
    notebook 01 (smoothing a photograph).
    """
    size = as_int(size, "size", minimum=1)
    if size % 2 == 0:
        raise ValueError(f"size must be odd so the filter has a centre pixel, got {size}")
    sigma = as_real(sigma, "sigma (in pixels)", low=0, low_inclusive=False)
    offsets = np.arange(size) - size // 2
    profile = np.exp(-(offsets**2) / (2.0 * sigma**2))
    kernel = np.outer(profile, profile)
    return kernel / kernel.sum()
