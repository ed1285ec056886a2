"""utils.checks: a correct answer passes, typical wrong answers get the right hint, and no hint gives the answer away."""

import contextlib
import io

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from utils import config, conv, models  # noqa: E402
from utils.checks import NotYet, nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08, nb09, nb10, nb11, nb12  # noqa: E402


def assert_passes(call):
    """Run an exercise check that should pass; assert its pass line and return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = call()
    assert result is None, "a check returns None, so that a notebook cell echoes nothing"
    assert ": correct." in out.getvalue()
    return out.getvalue()


def hint(call):
    with pytest.raises(NotYet) as info:
        call()
    return str(info.value)


# --- notebook 01 --------------------------------------------------------------


def test_nb01_exercise_1():
    assert "Exercise 1: correct." in assert_passes(lambda: nb01.exercise_1(lambda x, w, s: conv.correlate(x, w, stride=s)))
    assert "flipped the kernel" in hint(lambda: nb01.exercise_1(lambda x, w, s: conv.convolve(x, w, stride=s)))
    assert "ignore the stride" in hint(lambda: nb01.exercise_1(lambda x, w, s: conv.correlate(x, w)))
    assert "stub" not in hint(lambda: nb01.exercise_1(lambda x, w, s: np.zeros((2, 2))))
    assert "NotImplementedError" in hint(lambda: nb01.exercise_1(lambda x, w, s: (_ for _ in ()).throw(NotImplementedError())))
    assert "pass your function" in hint(lambda: nb01.exercise_1(np.zeros(3)))


def test_nb01_exercise_2_and_3():
    plus = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], float)
    scene = np.zeros((16, 16))
    scene[3:6, 9:12] = plus
    scene[9:13, 2:6] = 2.0
    assert_passes(lambda: nb01.exercise_2(plus - plus.mean(), scene, (4, 10)))
    assert "whatever its shape" in hint(lambda: nb01.exercise_2(plus, scene, (4, 10)))
    assert_passes(lambda: nb01.exercise_3(6))
    assert "the padding" in hint(lambda: nb01.exercise_3(5))
    assert "the last stride" in hint(lambda: nb01.exercise_3(12))
    assert "None" in hint(lambda: nb01.exercise_3(None))


def test_nb01_exercise_3_builds_the_stack_in_keras():
    after_pool = conv.output_size(conv.output_size(28, 5), 2, stride=2)
    assert nb01.keras_stack_size() == conv.output_size(after_pool, 3, padding=1, stride=2) == 6
    assert "Keras builds the stack and reports 6 x 6" in assert_passes(lambda: nb01.exercise_3(6))


# --- notebook 02 --------------------------------------------------------------


def test_nb02():
    assert "count_params()" in assert_passes(lambda: nb02.exercise_1(lambda k, c, f: k * k * c + c * f + f))
    assert "ordinary Conv2D" in hint(lambda: nb02.exercise_1(lambda k, c, f: k * k * c * f + f))
    assert "biases" in hint(lambda: nb02.exercise_1(lambda k, c, f: k * k * c + c * f))
    assert "pointwise" in hint(lambda: nb02.exercise_1(lambda k, c, f: k * k * c + c * f + f + c))
    assert "NotImplementedError" in hint(lambda: nb02.exercise_1(lambda k, c, f: (_ for _ in ()).throw(NotImplementedError())))
    assert_passes(lambda: nb02.exercise_2(8))
    assert "3x3" in hint(lambda: nb02.exercise_2(14))
    assert "pooling" in hint(lambda: nb02.exercise_2(5))
    assert "walk backwards" in hint(lambda: nb02.exercise_2(12))


# --- notebook 03 --------------------------------------------------------------


@pytest.fixture(scope="module")
def centred():
    x = np.random.default_rng(0).normal(size=(200, 6)) * [5, 3, 2, 1, 0.5, 0.1]
    return x - x.mean(axis=0)


def test_nb03_exercise_1_and_3(centred):
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    mse = float(np.mean((centred - centred @ vt[:2].T @ vt[:2]) ** 2))
    assert_passes(lambda: nb03.exercise_1(mse, centred))
    assert "too small" in hint(lambda: nb03.exercise_1(mse / 2, centred))
    assert "summed" in hint(lambda: nb03.exercise_1(mse * 6, centred))
    explained = np.cumsum(np.linalg.svd(centred, compute_uv=False) ** 2)
    k = int(np.searchsorted(explained / explained[-1], 0.9) + 1)
    assert_passes(lambda: nb03.exercise_3(k, centred))
    assert "off by one" in hint(lambda: nb03.exercise_3(k - 1, centred))


def test_nb03_exercise_2(centred):
    config.seed_everything(0)
    encoder = keras.Sequential([keras.Input((6,)), keras.layers.Dense(2)])
    decoder = keras.Sequential([keras.Input((2,)), keras.layers.Dense(6)])
    encoder.layers[-1].set_weights([encoder.layers[-1].get_weights()[0], np.array([0.5, -0.3], "float32")])
    W1, b1 = encoder.layers[-1].get_weights()
    W2, b2 = decoder.layers[-1].get_weights()
    B = np.array([[2.0, 1.0], [0.0, 1.0]])
    assert_passes(lambda: nb03.exercise_2([W1 @ B, b1 @ B, np.linalg.inv(B) @ W2, b2], encoder, decoder, B, centred))
    assert "bias included" in hint(lambda: nb03.exercise_2([W1 @ B, b1, np.linalg.inv(B) @ W2, b2], encoder, decoder, B, centred))
    assert "undo B" in hint(lambda: nb03.exercise_2([W1 @ B, b1 @ B, W2, b2], encoder, decoder, B, centred))
    assert "four arrays" in hint(lambda: nb03.exercise_2([W1], encoder, decoder, B, centred))


# --- notebooks 04 and 05 ------------------------------------------------------------


def test_nb04():
    config.seed_everything(0)
    images = np.random.default_rng(0).random((30, 4, 4)).astype("float32")
    _, _, model = models.dense_autoencoder((4, 4), code_size=2, hidden_units=())
    errors = np.mean((images - model.predict(images, verbose=0)) ** 2, axis=(1, 2))
    assert_passes(lambda: nb04.exercise_1(lambda m, x, n: np.argsort(errors)[::-1][:n], model, images))
    assert "best reconstructed" in hint(lambda: nb04.exercise_1(lambda m, x, n: np.argsort(errors)[:n], model, images))
    assert "worst first" in hint(lambda: nb04.exercise_1(lambda m, x, n: np.argsort(errors)[-n:], model, images))
    assert "use n" in hint(lambda: nb04.exercise_1(lambda m, x, n: np.argsort(errors)[::-1][:6], model, images))
    _, _, tied = models.dense_autoencoder((4, 4), code_size=2, hidden_units=(), tied=True)
    right = tied.predict(images[:5], verbose=0)
    assert_passes(lambda: nb04.exercise_2(right, tied, images[:5]))
    assert "sigmoid" in hint(lambda: nb04.exercise_2(right + 1.5, tied, images[:5]))
    assert "shape" in hint(lambda: nb04.exercise_2(right.reshape(5, 16), tied, images[:5]))


def test_nb05():
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 30)
    x = (rng.normal(size=(90, 16)) + y[:, None]).astype("float32")
    labelled = np.arange(0, 90, 10)
    codes = x[:, :4] * 3.0
    from sklearn.neighbors import KNeighborsClassifier

    nn = lambda tr, te: KNeighborsClassifier(n_neighbors=1).fit(tr[labelled], y[labelled]).score(te, y)  # noqa: E731
    right = (nn(codes, codes), nn(x, x))
    assert_passes(lambda: nb05.exercise_1(*right, codes[labelled], codes, x[labelled], x, y[labelled], y))
    assert "labelled images themselves" in hint(lambda: nb05.exercise_1(1.0, right[1], codes[labelled], codes, x[labelled], x, y[labelled], y))
    assert "flatten" in hint(lambda: nb05.exercise_1(right[0], right[1] - 0.1, codes[labelled], codes, x[labelled], x, y[labelled], y))
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    pool = np.concatenate([x, x + rng.normal(size=x.shape)])  # more rows than the 32 components need
    pool = np.tile(pool, (1, 2))
    pixels = np.tile(x, (1, 2))
    pca = PCA(n_components=32, random_state=0).fit(pool)
    stats = StandardScaler().fit(pca.transform(pool))
    probe = LogisticRegression(max_iter=3000).fit(stats.transform(pca.transform(pixels[labelled])), y[labelled])
    accuracy = probe.score(stats.transform(pca.transform(pixels)), y)
    assert_passes(lambda: nb05.exercise_2(accuracy, pool, pixels[labelled], y[labelled], pixels, y))
    assert "between 0 and 1" in hint(lambda: nb05.exercise_2(accuracy * 100, pool, pixels[labelled], y[labelled], pixels, y))
    assert "unlabelled pool images only" in hint(lambda: nb05.exercise_2(accuracy - 0.3, pool, pixels[labelled], y[labelled], pixels, y))


# --- notebooks 06-08 -----------------------------------------------------------


def test_nb06():
    codes = np.random.default_rng(0).random((40, 6)) * 0.3
    rho_hat = codes.mean(axis=0)
    kl = float(np.sum(0.05 * np.log(0.05 / rho_hat) + 0.95 * np.log(0.95 / (1 - rho_hat))))
    assert_passes(lambda: nb06.exercise_1(kl, codes))
    swapped = float(np.sum(rho_hat * np.log(rho_hat / 0.05) + (1 - rho_hat) * np.log((1 - rho_hat) / 0.95)))
    assert "swapped" in hint(lambda: nb06.exercise_1(swapped, codes))
    assert "averaged" in hint(lambda: nb06.exercise_1(kl / 6, codes))
    assert_passes(lambda: nb06.exercise_2(lambda c: float(np.mean(c.max(axis=0) < 0.01))))
    assert "axis 0" in hint(lambda: nb06.exercise_2(lambda c: float(np.mean(c.max(axis=1) < 0.01))))
    assert "never does" in hint(lambda: nb06.exercise_2(lambda c: float(np.mean(c.mean(axis=0) < 0.01))))
    assert "returned" in hint(lambda: nb06.exercise_2(lambda c: 0.1))


def test_nb07():
    def right(clean, other):
        return 10 * np.log10(1 / np.mean((clean - other) ** 2, axis=(1, 2)))

    out = assert_passes(lambda: nb07.exercise_1(right))
    assert "agrees" in out
    assert "base" in hint(lambda: nb07.exercise_1(lambda c, o: 10 * np.log(1 / np.mean((c - o) ** 2, axis=(1, 2)))))
    assert "base" in hint(lambda: nb07.exercise_1(lambda c, o: 10 * np.log2(1 / np.mean((c - o) ** 2, axis=(1, 2)))))
    assert "sign" in hint(lambda: nb07.exercise_1(lambda c, o: -right(c, o)))
    assert "one PSNR per image" in hint(lambda: nb07.exercise_1(lambda c, o: float(np.mean(right(c, o)))))
    assert "own pixels" in hint(lambda: nb07.exercise_1(
        lambda c, o: np.full(len(c), 10 * np.log10(1 / np.mean((c - o) ** 2)))))

    def good(images, rate, seed):
        u = np.random.default_rng(seed).random(images.shape)
        out = images.copy()
        out[u < rate / 2], out[(u >= rate / 2) & (u < rate)] = 0.0, 1.0
        return out

    def in_place(images, rate, seed):
        images[np.random.default_rng(seed).random(images.shape) < rate] = 0.0
        return images

    def all_salt(images, rate, seed):
        out = images.copy()
        out[np.random.default_rng(seed).random(images.shape) < rate] = 1.0
        return out

    def unseeded(images, rate, seed):
        return good(images, rate, None)

    def fixed_seed(images, rate, seed):
        return good(images, rate, 123)

    def two_draws(images, rate, seed):
        rng = np.random.default_rng(seed)
        out = images.copy()
        out[rng.random(images.shape) < rate / 2] = 0.0
        out[rng.random(images.shape) < rate / 2] = 1.0
        return out

    def flattens(images, rate, seed):
        out = good(images, rate, seed)
        out[(out != 0) & (out != 1)] = 0.5
        return out

    assert "0.3 points" in assert_passes(lambda: nb07.exercise_2(good))
    assert "copy" in hint(lambda: nb07.exercise_2(in_place))
    assert "split the rate" in hint(lambda: nb07.exercise_2(all_salt))
    assert "same seed" in hint(lambda: nb07.exercise_2(unseeded))
    assert "seeds 0 and 1" in hint(lambda: nb07.exercise_2(fixed_seed))
    assert "one uniform number" in hint(lambda: nb07.exercise_2(two_draws))
    assert "keep their own values" in hint(lambda: nb07.exercise_2(flattens))
    assert "`rate` argument" in hint(lambda: nb07.exercise_2(lambda images, rate, seed: good(images, 0.2, seed)))


def test_nb08():
    def right(errors, rate):
        errors = np.sort(errors)
        return errors[len(errors) - int(np.floor(rate * len(errors))) - 1]

    assert_passes(lambda: nb08.exercise_1(right))
    assert "too low" in hint(lambda: nb08.exercise_1(lambda e, r: np.sort(e)[int(len(e) * (1 - r)) - 2]))
    assert "smallest" in hint(lambda: nb08.exercise_1(lambda e, r: np.max(e)))
    assert_passes(lambda: nb08.exercise_2(0.8, 0.4, tn=90, fp=5, fn=30, tp=20))
    assert "swapped" in hint(lambda: nb08.exercise_2(0.4, 0.8, tn=90, fp=5, fn=30, tp=20))


# --- notebooks 09-12 -----------------------------------------------------------


def test_nb09():
    assert_passes(lambda: nb09.exercise_1(lambda n, k, s: s * (n - 1) + k))
    assert "forward formula" in hint(lambda: nb09.exercise_1(lambda n, k, s: (n - k) // s + 1))
    assert "n - 1 gaps" in hint(lambda: nb09.exercise_1(lambda n, k, s: s * n + k))
    assert "not yet" in hint(lambda: nb09.exercise_1(                # the notebook's search, copied, cannot pass
        lambda n, k, s: next(w for w in range(k, 10_000) if (w - k) // s + 1 == n)))

    def by_hand(filters, bias=True, image=True):
        outputs, inputs = list(reversed(filters)) + [1], [filters[-1]] + list(reversed(filters))
        layers = list(zip(inputs, outputs))[:None if image else -1]
        return sum(9 * i * o + (o if bias else 0) for i, o in layers)

    assert_passes(lambda: nb09.exercise_2(by_hand))
    assert "biases" in hint(lambda: nb09.exercise_2(lambda f: by_hand(f, bias=False)))
    assert "last layer" in hint(lambda: nb09.exercise_2(lambda f: by_hand(f, image=False)))
    assert "wrong count" in hint(lambda: nb09.exercise_2(lambda f: 5841))
    copied = lambda f: models.conv_autoencoder((28, 28), f, method="upsample")[1].count_params()   # noqa: E731
    assert "switched off" in hint(lambda: nb09.exercise_2(copied))
    _, decoder, _ = models.conv_autoencoder((28, 28), (32, 8), method="upsample")
    assert decoder.count_params() == by_hand((32, 8))            # counting is back on after the check


def test_nb10():
    def mine(rgb):
        r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
        y = 0.299 * r + 0.587 * g + 0.114 * b
        return np.stack([y, 0.492 * (b - y), 0.877 * (r - y)], axis=-1)

    assert_passes(lambda: nb10.exercise_1(mine))
    assert "swapped" in hint(lambda: nb10.exercise_1(lambda rgb: mine(rgb)[..., [0, 2, 1]]))
    assert "Y is wrong" in hint(lambda: nb10.exercise_1(lambda rgb: mine(rgb[..., ::-1])))
    assert "U = 0.492" in hint(lambda: nb10.exercise_1(lambda rgb: mine(rgb) * [1, 1.002, 1]))   # 0.493 for 0.492
    assert "any shape" in hint(lambda: nb10.exercise_1(lambda rgb: mine(rgb) if rgb.ndim == 4 else np.zeros(2)))
    assert_passes(lambda: nb10.exercise_2(lambda uv: float(np.mean(np.hypot(uv[..., 0], uv[..., 1])))))
    assert "square root" in hint(lambda: nb10.exercise_2(lambda uv: float(np.mean(uv[..., 0] ** 2 + uv[..., 1] ** 2))))
    assert "per pixel" in hint(lambda: nb10.exercise_2(lambda uv: float(np.mean(np.abs(uv)))))
    assert "per pixel" in hint(lambda: nb10.exercise_2(lambda uv: float(np.mean(np.hypot(uv[..., 0], uv[..., 0])))))
    assert "any shape" in hint(lambda: nb10.exercise_2(lambda uv: float(np.mean(np.hypot(uv[:, :, 0], uv[:, :, 1]))) if uv.ndim == 3 else 0.0))


def test_nb11():
    good_1 = lambda m, lv, e: (np.ones_like(m), 0.5 * np.exp(0.5 * lv) * e)  # noqa: E731
    assert_passes(lambda: nb11.exercise_1(good_1))
    assert_passes(lambda: nb11.exercise_1(lambda m, lv, e: (1.0, 0.5 * np.exp(0.5 * lv) * e)))
    assert "chain rule" in hint(lambda: nb11.exercise_1(lambda m, lv, e: (np.ones_like(m), e)))
    assert "variance" in hint(lambda: nb11.exercise_1(lambda m, lv, e: (np.ones_like(m), 0.5 * np.exp(lv) * e)))
    assert "one for one" in hint(lambda: nb11.exercise_1(lambda m, lv, e: (e, 0.5 * np.exp(0.5 * lv) * e)))
    assert "pair" in hint(lambda: nb11.exercise_1(lambda m, lv, e: m + np.exp(0.5 * lv) * e))

    def good_2(m, lv, pm, plv):
        return 0.5 * np.sum(plv - lv + (np.exp(lv) + (m - pm) ** 2) / np.exp(plv) - 1, axis=1)

    assert_passes(lambda: nb11.exercise_2(good_2))
    standard = lambda m, lv, pm, plv: -0.5 * np.sum(1 + lv - m**2 - np.exp(lv), axis=1)  # noqa: E731
    assert "prior's mean and variance" in hint(lambda: nb11.exercise_2(standard))
    assert "sign" in hint(lambda: nb11.exercise_2(lambda *a: -good_2(*a)))
    assert "one KL per row" in hint(lambda: nb11.exercise_2(lambda *a: good_2(*a).sum()))
    assert "not symmetric" in hint(lambda: nb11.exercise_2(lambda m, lv, pm, plv: good_2(pm + 0 * m, plv + 0 * lv, m, lv)))
    no_ratio = lambda m, lv, pm, plv: 0.5 * np.sum(plv - lv + np.exp(lv) + (m - pm) ** 2 - 1, axis=1)  # noqa: E731
    assert "prior's variance" in hint(lambda: nb11.exercise_2(no_ratio))
    # right for the random prior but not for N(0, I): the standard-normal test runs on every answer, not only failing ones
    only_random = lambda m, lv, pm, plv: good_2(m, lv, pm, plv) if np.any(plv) else 2 * standard(m, lv, pm, plv)  # noqa: E731
    assert "section 1" in hint(lambda: nb11.exercise_2(only_random))


def test_hints_never_contain_the_reference_code():
    """A hint names what is wrong; it never prints the solution's expression."""
    message = hint(lambda: nb11.exercise_1(lambda m, lv, e: (np.ones_like(m), e)))
    assert "np.exp(0.5" not in message and "Exercise 1: not yet." in message


def test_nb12():
    def my_iou(true, predicted):
        union = np.logical_or(true, predicted).sum()
        return 1.0 if union == 0 else np.logical_and(true, predicted).sum() / union

    assert_passes(lambda: nb12.exercise_1(my_iou))
    assert "Dice" in hint(lambda: nb12.exercise_1(lambda t, p: 2 * (t & p).sum() / (t.sum() + p.sum())))
    assert "union of both masks" in hint(lambda: nb12.exercise_1(lambda t, p: (t & p).sum() / t.sum()))
    assert "empty" in hint(lambda: nb12.exercise_1(lambda t, p: (t & p).sum() / max((t | p).sum(), 1)))

    def entropy(symbols):
        _, counts = np.unique(np.asarray(symbols), return_counts=True)
        p = counts / counts.sum()
        return float(-(p * np.log2(p)).sum())

    assert_passes(lambda: nb12.exercise_2(entropy))
    assert "base 2" in hint(lambda: nb12.exercise_2(lambda s: entropy(s) * np.log(2)))
    assert "per symbol" in hint(lambda: nb12.exercise_2(lambda s: entropy(s) * len(s)))
