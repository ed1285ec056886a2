"""Shared test set-up: a non-interactive matplotlib backend for this process only.

Not through MPLBACKEND: notebook kernels started by the tests would inherit it.
"""

import matplotlib

matplotlib.use("Agg")
