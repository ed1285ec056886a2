"""Feedback for the exercises: one module per notebook, one function per exercise with a computable answer.

A student calls, for example, ``check.exercise_1(conv2d_strided)`` after
``from utils.checks import nb01 as check``. A check runs the answer against
reference cases and either prints ``Exercise 1: correct.`` or raises
:class:`NotYet` with a hint of what is wrong (wrong shape, flipped kernel,
forgotten padding...), never the solution. Introduced with the exercises of
notebook 01; every notebook's exercises use their module.
"""

from ._feedback import NotYet

__all__ = ["NotYet"]
