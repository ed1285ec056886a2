"""Learned compression: a quantised code, its size in bits, and JPEG's size at the same rate.

Introduced in notebook 12 (autoencoders at work). The recipe is Ballé,
Laparra and Simoncelli's: while training, the code gets uniform noise of one
quantisation step (:class:`UniformQuantizationNoise`), a differentiable
stand-in for rounding; once trained, the code is rounded to integers
(:func:`quantize`) and those integers are what is stored. Their size is
counted with a fixed probability table per code channel, fitted on training
images (:class:`SymbolTable`): the ideal code length under that table, which
an arithmetic coder reaches to within 2 bits per image. JPEG's size is
counted the same way: the bytes of its entropy-coded scan, without the
headers and tables that every file repeats (:func:`jpeg_scan_bytes`).
"""

import io

import keras
import numpy as np
from keras import ops

from ._validate import as_int, as_numeric_array, as_real

__all__ = ["UniformQuantizationNoise", "quantize", "SymbolTable", "jpeg_scan_bytes", "jpeg_huffman_table_bytes",
           "jpeg_round_trip", "webp_round_trip", "ARITHMETIC_CODER_OVERHEAD_BITS", "WEBP_FIXED_HEADER_BYTES"]

ARITHMETIC_CODER_OVERHEAD_BITS = 2  # an arithmetic coder's message is at most 2 bits longer than the ideal length
# a lossy WebP file of one frame: RIFF container (12 bytes), VP8 chunk header (8), VP8 key-frame header (10: frame
# tag, start code, width and height); the same for every 28x28 digit but for the frame tag's partition length
WEBP_FIXED_HEADER_BYTES = 30


@keras.saving.register_keras_serializable(package="course")
class UniformQuantizationNoise(keras.layers.Layer):
    """Adds uniform noise in ``[-step/2, step/2)`` while training and rounds to multiples of ``step`` otherwise.

    Rounding has zero gradient almost everywhere, so it cannot be trained
    through; noise of the same width has the same effect on the decoder's
    input on average and lets gradients pass. At inference the layer rounds,
    so a model's ``predict`` shows the quantised codec.
    """

    def __init__(self, step=1.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.step = as_real(step, "step", low=0, low_inclusive=False)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=False):
        if training:
            noise = keras.random.uniform(ops.shape(inputs), -0.5, 0.5, seed=self.seed_generator)
            return inputs + self.step * noise
        return ops.round(inputs / self.step) * self.step

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "step": self.step, "seed": self.seed}


def quantize(codes, step=1.0):
    """Round codes to integer symbols: ``round(codes / step)`` as int64; the decoder gets ``symbols * step``."""
    codes = as_numeric_array(codes, "codes", min_ndim=1)
    step = as_real(step, "step", low=0, low_inclusive=False)
    return np.round(codes / step).astype(np.int64)


class SymbolTable:
    """A fixed probability table per code channel (the last axis), fitted on training symbols.

    ``fit`` counts each integer symbol per channel over the training codes,
    adds one to every count from the smallest to the largest symbol seen
    (Laplace smoothing, so no symbol in the range costs infinitely many
    bits). ``clip`` maps symbols outside that range to its ends: the codec
    can only store what its table knows, so clip *before* decoding and the
    distortion includes it. ``bits`` is the code length of each image's
    symbols, ``-sum log2 p``, plus :data:`ARITHMETIC_CODER_OVERHEAD_BITS`.
    """

    def __init__(self):
        self.low = self.high = self.log2_probabilities = None

    def fit(self, symbols):
        symbols = self._symbols(symbols, "symbols")
        flat = symbols.reshape(-1, symbols.shape[-1])
        self.low, self.high = flat.min(axis=0), flat.max(axis=0)
        width = int((self.high - self.low).max()) + 1
        counts = np.zeros((flat.shape[1], width))
        for channel in range(flat.shape[1]):
            values = flat[:, channel] - self.low[channel]
            counts[channel] = np.bincount(values, minlength=width)
            counts[channel, : self.high[channel] - self.low[channel] + 1] += 1
        with np.errstate(divide="ignore"):
            self.log2_probabilities = np.log2(counts / counts.sum(axis=1, keepdims=True))
        return self

    def _symbols(self, symbols, name):
        symbols = as_numeric_array(symbols, name, min_ndim=2)
        if not np.issubdtype(symbols.dtype, np.integer):
            raise TypeError(f"{name} must be integers (use quantize), got dtype {symbols.dtype}")
        if self.low is not None and symbols.shape[-1] != len(self.low):
            raise ValueError(f"{name} must have {len(self.low)} channels on the last axis, got shape {symbols.shape}")
        return symbols.astype(np.int64)

    def _fitted(self):
        if self.low is None:
            raise RuntimeError("fit the table on training symbols first")

    def clip(self, symbols):
        """Symbols with each channel clipped to the range seen in training."""
        self._fitted()
        return np.clip(self._symbols(symbols, "symbols"), self.low, self.high)

    def bits(self, symbols):
        """Code length in bits of each image (first axis) of symbols already clipped to the table's range."""
        self._fitted()
        symbols = self._symbols(symbols, "symbols")
        if (symbols < self.low).any() or (symbols > self.high).any():
            raise ValueError("symbols lie outside the table's range: clip them first")
        channels = np.arange(symbols.shape[-1])
        cost = -self.log2_probabilities[channels, symbols - self.low]
        return cost.reshape(len(symbols), -1).sum(axis=1) + ARITHMETIC_CODER_OVERHEAD_BITS


def _grey_uint8_stack(images):
    """The checks both round trips share: a non-empty uint8 ``(n, h, w)`` stack of grey levels."""
    images = as_numeric_array(images, "images", ndim=3)
    if images.dtype != np.uint8:
        raise TypeError(f"images must be uint8 grey levels 0..255, got {images.dtype}")
    if len(images) == 0:
        raise ValueError("images is empty: give at least one (h, w) image")
    return images


def _quality(quality, low, high, codec):
    quality = as_int(quality, "quality", minimum=low)
    if quality > high:
        raise ValueError(f"{codec} quality must be between {low} and {high}, got {quality}")
    return quality


def _jpeg_bytes(image, quality, optimize=False):
    """One validated uint8 ``(h, w)`` image as a JPEG file (bytes)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image, mode="L").save(buffer, format="JPEG", quality=quality, optimize=bool(optimize))
    return buffer.getvalue()


def jpeg_scan_bytes(encoded):
    """Bytes of a baseline JPEG file's entropy-coded scan: what is left once headers and tables are shared.

    The scan starts after the start-of-scan (SOS, ``FF DA``) segment and
    ends before the end-of-image marker (``FF D9``).
    """
    encoded = bytes(encoded)
    start = encoded.find(b"\xff\xda")
    if start < 0 or not encoded.endswith(b"\xff\xd9"):
        raise ValueError("not a baseline JPEG file: no start-of-scan marker or end-of-image marker")
    header_length = int.from_bytes(encoded[start + 2 : start + 4], "big")
    return len(encoded) - (start + 2 + header_length) - 2


def jpeg_huffman_table_bytes(encoded):
    """Bytes of a JPEG file's Huffman tables: its DHT (``FF C4``) segments, marker and length included.

    With Pillow's ``optimize=True`` the tables are fitted to each image, so
    they differ from image to image and a decoder must receive them.
    Introduced in notebook 12.
    """
    encoded = bytes(encoded)
    if not encoded.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG file: no start-of-image marker")
    position, total = 2, 0
    while position + 4 <= len(encoded):
        marker = encoded[position : position + 2]
        length = int.from_bytes(encoded[position + 2 : position + 4], "big")
        if marker == b"\xff\xc4":
            total += 2 + length
        if marker == b"\xff\xda":  # the scan follows: no more table segments
            return total
        position += 2 + length
    raise ValueError("not a baseline JPEG file: no start-of-scan marker")


def jpeg_round_trip(images, quality, optimize=False, with_huffman_tables=False):
    """JPEG-compress each uint8 ``(n, h, w)`` image: ``(decoded float32 images in [0, 1], bytes per image)``.

    The bytes counted are those of the entropy-coded scan
    (:func:`jpeg_scan_bytes`). ``optimize=True`` asks Pillow for Huffman
    tables fitted to each image (the decoded pixels are the same, the scan
    shorter); ``with_huffman_tables=True`` adds the bytes of the file's
    Huffman tables (:func:`jpeg_huffman_table_bytes`), which an optimised
    file must carry. Optional arguments added for notebook 12.
    """
    from PIL import Image

    images = _grey_uint8_stack(images)
    quality = _quality(quality, 1, 95, "JPEG (Pillow's useful range)")
    decoded, sizes = [], []
    for image in images:
        encoded = _jpeg_bytes(image, quality, optimize)
        sizes.append(jpeg_scan_bytes(encoded) + (jpeg_huffman_table_bytes(encoded) if with_huffman_tables else 0))
        decoded.append(np.asarray(Image.open(io.BytesIO(encoded)), dtype=np.float32) / 255.0)
    return np.stack(decoded), np.array(sizes)


def webp_round_trip(images, quality):
    """Lossy-WebP-compress each uint8 ``(n, h, w)`` image: ``(decoded float32 images in [0, 1], bytes per image)``.

    Pillow's encoder at its slowest, best setting (``method=6``); the bytes
    counted are the file's less :data:`WEBP_FIXED_HEADER_BYTES` (container
    and frame headers, generous to WebP). ``quality`` runs from 0 to 100.
    Introduced in notebook 12.
    """
    from PIL import Image

    images = _grey_uint8_stack(images)
    quality = _quality(quality, 0, 100, "WebP")
    decoded, sizes = [], []
    for image in images:
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="WEBP", quality=quality, method=6)
        encoded = buffer.getvalue()
        if encoded[12:16] != b"VP8 ":
            raise ValueError(f"expected a simple lossy WebP file (a 'VP8 ' chunk), got chunk {encoded[12:16]!r}")
        sizes.append(len(encoded) - WEBP_FIXED_HEADER_BYTES)
        decoded.append(np.asarray(Image.open(io.BytesIO(encoded)).convert("L"), dtype=np.float32) / 255.0)
    return np.stack(decoded), np.array(sizes)
