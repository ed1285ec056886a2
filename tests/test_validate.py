"""utils._validate: the shared input checks behind every clear error message."""

import math

import numpy as np
import pytest

from utils._validate import as_int, as_real


def test_as_real_accepts_numbers_within_bounds():
    assert as_real(3, "x") == 3.0 and isinstance(as_real(3, "x"), float)
    assert as_real(np.float32(0.5), "p", 0, 1) == 0.5
    assert as_real(0, "rate", 0, 1, high_inclusive=False) == 0.0


@pytest.mark.parametrize(
    "value, kwargs, error, message",
    [
        (True, {}, TypeError, "x must be a number, got True"),
        ("1", {}, TypeError, "x must be a number"),
        (-0.1, {"low": 0}, ValueError, r"x must be a number >= 0, got -0.1"),
        (0, {"low": 0, "low_inclusive": False}, ValueError, r"x must be a number > 0"),
        (1, {"low": 0, "high": 1, "high_inclusive": False}, ValueError, r"x must be a number in \[0, 1\)"),
        (2, {"high": 1}, ValueError, r"x must be a number <= 1"),
        (math.nan, {"low": 0}, ValueError, "x must be a number >= 0"),
    ],
)
def test_as_real_rejects(value, kwargs, error, message):
    with pytest.raises(error, match=message):
        as_real(value, "x", **kwargs)


def test_as_int():
    assert as_int(np.int64(4), "n", minimum=1) == 4
    with pytest.raises(TypeError, match="n must be an integer"):
        as_int(4.0, "n")
    with pytest.raises(ValueError, match="n must be >= 1"):
        as_int(0, "n", minimum=1)
