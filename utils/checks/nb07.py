"""Exercise checks for notebook 07 (denoising autoencoders)."""

import numpy as np

from ._feedback import array_of, not_yet, passed, run


def exercise_1(psnr_per_image):
    """``psnr_per_image(clean, other)``: one PSNR (dB) per image, ``10 log10(1 / MSE_i)``, for pixels in [0, 1].

    The check builds its own pair of batches (shapes and values the notebook
    never uses) and compares the student's array with its own computation.
    """
    rng = np.random.default_rng(2024)
    clean = rng.random((12, 9, 7)).astype("float32")
    other = np.clip(clean + rng.normal(0, 1, (12, 1, 1)) * 0.1 * rng.normal(0, 1, clean.shape), 0, 1).astype("float32")
    per_image_mse = np.mean((clean.astype(float) - other) ** 2, axis=(1, 2))
    expected = 10 * np.log10(1 / per_image_mse)
    result = run(1, psnr_per_image, clean.copy(), other.copy())
    if np.ndim(result) == 0:
        not_yet(1, "return one PSNR per image (an array with one entry per image), not a single number")
    result = array_of(1, result, "psnr_per_image(clean, other)", (len(clean),))
    if np.allclose(result, expected, atol=1e-3):
        return passed(1, f"your function agrees with the check's own computation on {len(clean)} images it built "
                         f"(PSNRs from {expected.min():.1f} to {expected.max():.1f} dB).")
    if np.allclose(np.abs(result), expected * np.log(10), rtol=1e-3) or np.allclose(np.abs(result), expected * np.log2(10), rtol=1e-3):
        not_yet(1, "PSNR is 10 * log10(1 / MSE): check the logarithm's base (np.log is the natural logarithm)")
    if np.allclose(result, -expected, atol=1e-3):
        not_yet(1, "PSNR is 10 * log10(1 / MSE): check the sign (1 / MSE, not MSE)")
    if np.allclose(result, 10 * np.log10(1 / np.mean(per_image_mse)), atol=1e-3):
        not_yet(1, "every entry is the same: take each image's MSE over its own pixels only")
    not_yet(1, "PSNR per image is 10 * log10(1 / MSE_i), with MSE_i the mean squared difference over image i's pixels")


def exercise_2(salt_and_pepper):
    """``salt_and_pepper(images, rate, seed)``: rate/2 of the pixels set to 0, rate/2 to 1, one draw per pixel, by the seed."""
    grey = np.full((200, 28, 28), 0.5, "float32")
    out = array_of(2, run(2, salt_and_pepper, grey, 0.2, seed=0), "salt_and_pepper(grey, 0.2, seed=0)", grey.shape)
    if not np.all(grey == 0.5):
        not_yet(2, "your function changed its input: work on a copy")
    if not np.all((out == 0) | (out == 1) | (out == 0.5)):
        not_yet(2, "pixels should become exactly 0 or 1, or stay as they were")
    black, white = (out == 0).mean(), (out == 1).mean()
    # 156,800 pixels: a fair share of 10% lands within 0.1 +- 0.003 (four standard errors); two independent
    # draws per pixel (one for pepper, one for salt) overwrite about 1% of the pepper and miss that
    if abs(black + white - 0.2) > 0.004:
        not_yet(2, f"{black + white:.2%} of the pixels changed; rate 0.2 should change 20%. Draw one uniform "
                   "number per pixel and let it decide: pepper, salt or unchanged")
    if abs(black - 0.1) > 0.003 or abs(white - 0.1) > 0.003:
        not_yet(2, f"{black:.2%} black and {white:.2%} white: split the rate evenly between salt and pepper")
    again = array_of(2, run(2, salt_and_pepper, grey, 0.2, seed=0), "a second call")
    if not np.array_equal(out, again):
        not_yet(2, "two calls with the same seed differ: draw from np.random.default_rng(seed)")
    other_seed = array_of(2, run(2, salt_and_pepper, grey, 0.2, seed=1), "salt_and_pepper(grey, 0.2, seed=1)")
    if np.array_equal(out, other_seed):
        not_yet(2, "seeds 0 and 1 give the same pixels: use the `seed` argument")
    heavier = array_of(2, run(2, salt_and_pepper, grey, 0.5, seed=0), "salt_and_pepper(grey, 0.5, seed=0)")
    if abs((heavier != 0.5).mean() - 0.5) > 0.005:
        not_yet(2, f"rate 0.5 changed {(heavier != 0.5).mean():.2%} of the pixels instead of 50%: use the `rate` argument")
    images = np.linspace(0.2, 0.8, 200 * 28 * 28, dtype="float32").reshape(grey.shape)
    kept = array_of(2, run(2, salt_and_pepper, images, 0.2, seed=0), "salt_and_pepper(images, 0.2, seed=0)")
    unchanged = (out == 0.5)
    if not np.allclose(kept[unchanged], images[unchanged]):
        not_yet(2, "pixels the noise does not hit must keep their own values (try a non-constant image)")
    return passed(2, f"on a grey test batch {black:.1%} of pixels became 0 and {white:.1%} became 1 (each within 0.3 "
                     "points of 10%), rate 0.5 changed half of them, the other pixels kept their values, and the seed alone decides which pixels.")
