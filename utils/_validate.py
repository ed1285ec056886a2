"""Input checks shared by the course library: one clear error per mistake.

Every public function in ``utils`` validates what it is given with these
helpers, so a student who passes the wrong thing is told what was expected
instead of meeting a broadcasting error three calls deeper.
"""

import numbers

import numpy as np


def as_numeric_array(x, name, ndim=None, min_ndim=None, max_ndim=None):
    """Return ``x`` as a real-valued NumPy array, checking its rank.

    Booleans, complex numbers, strings and objects are rejected: the course
    works with real-valued signals and images.
    """
    try:
        arr = np.asarray(x)
    except ValueError as err:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers ({err})") from None
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise TypeError(f"{name} must hold real numbers (int or float), got dtype {arr.dtype}")
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {arr.shape}")
    if min_ndim is not None and arr.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimensions, got shape {arr.shape}")
    if max_ndim is not None and arr.ndim > max_ndim:
        raise ValueError(f"{name} must have at most {max_ndim} dimensions, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    return arr


def as_int(value, name, minimum=None):
    """Return ``value`` as a Python int, rejecting floats, bools and values below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def as_real(value, name, low=None, high=None, low_inclusive=True, high_inclusive=True):
    """Return ``value`` as a float, rejecting bools, non-numbers and values outside the given bounds.

    ``as_real(rate, "rate", 0, 1, high_inclusive=False)`` accepts ``0 <= rate < 1``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    too_low = low is not None and (value < low if low_inclusive else value <= low)
    too_high = high is not None and (value > high if high_inclusive else value >= high)
    if too_low or too_high or value != value:
        if low is not None and high is not None:
            bounds = f"in {'[' if low_inclusive else '('}{low:g}, {high:g}{']' if high_inclusive else ')'}"
        elif low is not None:
            bounds = f"{'>=' if low_inclusive else '>'} {low:g}"
        else:
            bounds = f"{'<=' if high_inclusive else '<'} {high:g}"
        raise ValueError(f"{name} must be a number {bounds}, got {value!r}")
    return value


def as_int_tuple(value, name, length, minimum):
    """Expand an int or a sequence of ints to a tuple of ``length`` checked ints."""
    if isinstance(value, (tuple, list)):
        if len(value) != length:
            raise ValueError(f"{name} must be one integer or {length} integers, got {value!r}")
        return tuple(as_int(v, name, minimum) for v in value)
    return (as_int(value, name, minimum),) * length


def one_of(value, name, options):
    """Check that ``value`` is one of ``options`` and return it."""
    if value not in options:
        raise ValueError(f"{name} must be one of {sorted(options)}, got {value!r}")
    return value
