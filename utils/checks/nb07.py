"""Exercise checks for notebook 07 (denoising autoencoders)."""

import numpy as np

from .. import metrics
from ._feedback import array_of, not_yet, number_of, passed, run


def exercise_1(my_psnr, clean, noisy):
    """The mean PSNR (dB) of the noisy images against the clean ones, per image then averaged."""
    my_psnr = number_of(1, my_psnr, "my_psnr")
    expected = metrics.psnr(clean, noisy)
    if np.isclose(my_psnr, expected, atol=1e-4):
        return passed(1, f"{my_psnr:.2f} dB.")
    if np.isclose(my_psnr, 10 * np.log10(1 / metrics.mse(clean, noisy)), atol=1e-4):
        not_yet(1, "that is the PSNR of the average error: compute a PSNR per image, then average")
    if np.isclose(my_psnr, expected / 10 * np.log(10), rtol=1e-3) or np.isclose(my_psnr, -expected, atol=1e-3):
        not_yet(1, "PSNR is 10 * log10(1 / MSE): check the logarithm's base and the sign")
    not_yet(1, "PSNR per image is 10 * log10(1 / MSE_i) with MSE_i over that image's pixels")


def exercise_2(salt_and_pepper):
    """``salt_and_pepper(images, rate, seed)``: rate/2 of the pixels set to 0, rate/2 to 1, reproducibly."""
    grey = np.full((50, 28, 28), 0.5, "float32")
    out = array_of(2, run(2, salt_and_pepper, grey, 0.2, seed=0), "salt_and_pepper(grey, 0.2, seed=0)", grey.shape)
    if not np.all(grey == 0.5):
        not_yet(2, "your function changed its input: work on a copy")
    if not np.all((out == 0) | (out == 1) | (out == 0.5)):
        not_yet(2, "pixels should become exactly 0 or 1, or stay as they were")
    black, white = (out == 0).mean(), (out == 1).mean()
    if abs(black + white - 0.2) > 0.01:
        not_yet(2, f"{black + white:.1%} of the pixels changed; rate 0.2 should change 20%")
    if abs(black - 0.1) > 0.01 or abs(white - 0.1) > 0.01:
        not_yet(2, f"{black:.1%} black and {white:.1%} white: split the rate evenly between salt and pepper")
    again = array_of(2, run(2, salt_and_pepper, grey, 0.2, seed=0), "a second call")
    if not np.array_equal(out, again):
        not_yet(2, "two calls with the same seed differ: draw from np.random.default_rng(seed)")
    return passed(2)
