"""utils.compression and the mask metrics of utils.metrics (notebook 12)."""

import io

import keras
import numpy as np
import pytest
from PIL import Image
from sklearn.metrics import jaccard_score

from utils import compression, metrics


def test_quantization_noise_trains_with_bounded_noise_and_rounds_at_inference():
    layer = compression.UniformQuantizationNoise(step=2.0, seed=0)
    x = np.linspace(-5, 5, 1001, dtype="float32").reshape(1, -1)
    noisy = keras.ops.convert_to_numpy(layer(x, training=True))
    assert np.abs(noisy - x).max() <= 1.0 + 1e-6 and (noisy - x).std() > 0.5  # U(-1, 1): sd 0.577
    rounded = keras.ops.convert_to_numpy(layer(x, training=False))
    assert np.allclose(rounded, 2.0 * np.round(x / 2.0))
    with pytest.raises(ValueError, match="step"):
        compression.UniformQuantizationNoise(step=0)


def test_quantize_rounds_to_integer_symbols():
    symbols = compression.quantize(np.array([[-1.6, -0.4, 0.4, 2.6]]), step=0.5)
    assert symbols.dtype == np.int64 and symbols.tolist() == [[-3, -1, 1, 5]]
    with pytest.raises(ValueError, match="step"):
        compression.quantize(np.zeros((2, 2)), step=-1)
    with pytest.raises(TypeError, match="real numbers"):
        compression.quantize(np.array(["a"]))


def test_symbol_table_charges_the_ideal_code_length():
    train = np.array([[[0, 5]], [[0, 5]], [[1, 5]], [[0, 6]]])  # two channels: (0, 0, 1, 0) and (5, 5, 5, 6)
    table = compression.SymbolTable().fit(train)
    # channel 0: counts {0: 3, 1: 1} + 1 each -> p(0) = 4/6; channel 1: {5: 3, 6: 1} + 1 -> p(5) = 4/6
    bits = table.bits(np.array([[[0, 5]], [[1, 6]]]))
    expected = [-2 * np.log2(4 / 6), -2 * np.log2(2 / 6)]
    assert np.allclose(bits, np.array(expected) + compression.ARITHMETIC_CODER_OVERHEAD_BITS)
    assert table.clip(np.array([[[-4, 9]]])).tolist() == [[[0, 6]]]
    with pytest.raises(ValueError, match="clip them first"):
        table.bits(np.array([[[2, 5]]]))
    with pytest.raises(ValueError, match="2 channels"):
        table.bits(np.zeros((1, 3), np.int64))
    with pytest.raises(TypeError, match="integers"):
        table.bits(np.zeros((1, 2)))
    with pytest.raises(RuntimeError, match="fit the table"):
        compression.SymbolTable().bits(np.zeros((1, 2), np.int64))


def test_jpeg_scan_bytes_leave_out_headers_and_tables():
    image = (np.random.default_rng(0).random((28, 28)) * 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=50)
    encoded = buffer.getvalue()
    scan = compression.jpeg_scan_bytes(encoded)
    assert 0 < scan < len(encoded) - 300  # the headers and tables of a baseline JPEG are over 300 bytes
    decoded, sizes = compression.jpeg_round_trip(image[None], 50)
    assert sizes.tolist() == [scan] and decoded.shape == (1, 28, 28) and decoded.dtype == np.float32
    assert compression.jpeg_round_trip(image[None], 5)[1][0] < scan  # lower quality, fewer bytes
    with pytest.raises(ValueError, match="not a baseline JPEG"):
        compression.jpeg_scan_bytes(b"\x89PNG....")
    with pytest.raises(TypeError, match="uint8"):
        compression.jpeg_round_trip(image[None].astype(np.float32), 50)
    with pytest.raises(ValueError, match="between 1 and 95"):
        compression.jpeg_round_trip(image[None], 100)


def test_iou_is_sklearns_jaccard_score_and_dice_follows():
    rng = np.random.default_rng(1)
    true, predicted = rng.random((20, 9, 9)) < 0.3, rng.random((20, 9, 9)) < 0.4
    reference = [jaccard_score(t.ravel(), p.ravel()) for t, p in zip(true, predicted)]
    got = metrics.iou(true, predicted)
    assert np.allclose(got, reference)
    assert np.allclose(metrics.dice(true, predicted), 2 * got / (1 + got))
    empty = np.zeros((1, 4, 4), bool)
    assert metrics.iou(empty, empty).tolist() == [1.0] and metrics.dice(empty, empty).tolist() == [1.0]
    assert metrics.iou(true, true).tolist() == [1.0] * 20


@pytest.mark.parametrize(
    "true, predicted, error, message",
    [
        (np.zeros((2, 3, 3)), np.zeros((2, 3, 3), bool), TypeError, "boolean mask"),
        (np.zeros((2, 3, 3), bool), np.zeros((2, 3, 4), bool), ValueError, "same shape"),
        (np.zeros(3, bool), np.zeros(3, bool), ValueError, "one mask per image"),
    ],
)
def test_mask_metrics_reject_bad_input(true, predicted, error, message):
    with pytest.raises(error, match=message):
        metrics.iou(true, predicted)


def test_optimised_jpeg_has_a_shorter_scan_and_carries_its_huffman_tables():
    image = (np.random.default_rng(0).random((28, 28)) * 255).astype(np.uint8)
    plain, plain_bytes = compression.jpeg_round_trip(image[None], 20)
    optimised, scan_bytes = compression.jpeg_round_trip(image[None], 20, optimize=True)
    _, file_bytes = compression.jpeg_round_trip(image[None], 20, optimize=True, with_huffman_tables=True)
    assert np.array_equal(plain, optimised)  # the same pixels: only the entropy coding changes
    assert scan_bytes[0] < plain_bytes[0] < file_bytes[0]
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=20)
    # a grey image carries the standard luminance tables: DC (12 symbols) and AC (162), each with 16 counts, a class
    # byte, marker and length
    assert compression.jpeg_huffman_table_bytes(buffer.getvalue()) == (4 + 1 + 16 + 12) + (4 + 1 + 16 + 162)
    with pytest.raises(ValueError, match="not a JPEG"):
        compression.jpeg_huffman_table_bytes(b"\x89PNG....")


def test_webp_round_trip_counts_the_file_less_its_fixed_headers():
    image = (np.random.default_rng(0).random((28, 28)) * 255).astype(np.uint8)
    decoded, sizes = compression.webp_round_trip(image[None], 50)
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="WEBP", quality=50, method=6)
    assert sizes.tolist() == [len(buffer.getvalue()) - compression.WEBP_FIXED_HEADER_BYTES]
    assert decoded.shape == (1, 28, 28) and decoded.dtype == np.float32 and 0 <= decoded.min() <= decoded.max() <= 1
    assert compression.webp_round_trip(image[None], 5)[1][0] < sizes[0]  # lower quality, fewer bytes
    with pytest.raises(TypeError, match="uint8"):
        compression.webp_round_trip(image[None].astype(np.float32), 50)
    with pytest.raises(ValueError, match="between 0 and 100"):
        compression.webp_round_trip(image[None], 101)


@pytest.mark.parametrize("round_trip, quality", [(compression.jpeg_round_trip, 50), (compression.webp_round_trip, 50)])
def test_both_round_trips_reject_the_same_bad_stacks(round_trip, quality):
    image = np.zeros((28, 28), np.uint8)
    with pytest.raises(ValueError, match="empty"):
        round_trip(np.zeros((0, 28, 28), np.uint8), quality)
    with pytest.raises(ValueError):
        round_trip(image, quality)  # one image without the stack axis
    with pytest.raises(TypeError, match="uint8"):
        round_trip(image[None].astype(np.int16), quality)
    with pytest.raises(ValueError, match="quality"):
        round_trip(image[None], -1)
