"""What every exercise check shares: the pass message, the hint as an exception, calling student code safely."""

import numpy as np


class NotYet(AssertionError):
    """An exercise answer is not right yet; the message is a hint, never the solution."""


def passed(number, detail=""):
    """Print the pass line for exercise ``number``.

    Returns None, so that a check call ending a notebook cell echoes nothing
    under its message.
    """
    print(f"Exercise {number}: correct." + (f" {detail}" if detail else ""))


def not_yet(number, hint):
    """Raise :class:`NotYet` for exercise ``number`` with a hint."""
    raise NotYet(f"Exercise {number}: not yet. {hint}")


def run(number, function, *args, **kwargs):
    """Call the student's function; a stub or a crash becomes a hint instead of a traceback into our code."""
    if not callable(function):
        not_yet(number, f"pass your function itself (without calling it), got {type(function).__name__}")
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        not_yet(number, "replace the `raise NotImplementedError()` line with your code")
    except Exception as err:  # noqa: BLE001 - any crash in student code becomes feedback
        not_yet(number, f"your code raised {type(err).__name__}: {err}")


def number_of(number, value, name):
    """A student's scalar answer as a float, or a hint saying what was expected."""
    if value is None:
        not_yet(number, f"{name} is None: assign your answer to it")
    try:
        result = float(value)
    except (TypeError, ValueError):
        not_yet(number, f"{name} should be a single number, got {type(value).__name__}")
    if not np.isfinite(result):
        not_yet(number, f"{name} is {result}: look for a division by zero or a log of zero")
    return result


def array_of(number, value, name, shape=None):
    """A student's array answer as float64, checked against an expected shape."""
    if value is None:
        not_yet(number, f"{name} is None: did your function forget to return its result?")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        not_yet(number, f"{name} should be an array of numbers, got {type(value).__name__}")
    if shape is not None and arr.shape != tuple(shape):
        not_yet(number, f"{name} has shape {arr.shape}, expected {tuple(shape)}")
    return arr
