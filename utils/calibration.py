"""A fixed workload for comparing machines: ``python -m utils.calibration`` prints its wall seconds.

A notebook's run time says little on its own: the same notebook takes three
times as long on one 2-core CPU as on another. Divided by the time of this
fixed workload, measured on the same machine, it becomes roughly comparable
across machines: much of each of the workload's small steps is Keras' per-step
overhead, while most of the course's time is convolution arithmetic, and the
two scale differently from one CPU type to another (README: "Where does the
time go?"). The workload: a small convolutional autoencoder (``utils.models.conv_autoencoder``
with its defaults, as in notebook 09) trained for 3 epochs on 4,000 bundled
digits, batch size 32, from a fixed seed, in a fresh process. Its first epoch
includes Keras' tracing, as every notebook's first fit does.
``python -m utils run --calibrate`` runs it before the notebooks and reports
each notebook's time as a multiple of it.
"""

import time

EPOCHS, N_DIGITS, BATCH_SIZE = 3, 4000, 32


def calibration_seconds():
    """Wall seconds of the fixed workload in this process (imports and data loading not counted)."""
    from . import config, data, models

    config.seed_everything(0)
    digits = data.load_dataset("mnist", scale="default", n_train=N_DIGITS, n_test=10).x_train
    _, _, autoencoder = models.conv_autoencoder((28, 28))
    models.compile_for_reconstruction(autoencoder, "mse")
    start = time.perf_counter()
    autoencoder.fit(digits, digits, epochs=EPOCHS, batch_size=BATCH_SIZE, verbose=0)
    return time.perf_counter() - start


if __name__ == "__main__":
    print(f"{calibration_seconds():.2f}")
