"""Activity regularisers for sparse autoencoders.

Introduced in notebook 06. Keras ships L1 and L2 penalties
(``keras.regularizers.L1``/``L2``); the KL-divergence sparsity target of the
classic sparse autoencoder is here.
"""

import functools

import keras
import numpy as np
from keras import ops

from ._validate import as_real

__all__ = ["KLDivergenceSparsity", "keras_divides_activity_losses_by_batch"]


@functools.lru_cache(maxsize=None)
def keras_divides_activity_losses_by_batch():
    """Whether the installed Keras divides an activity regulariser's value by the batch size.

    Keras 3 releases from early 2026 on do (``Layer.__call__``), earlier ones
    add the value as it is. Found out once, eagerly, with a layer whose
    regulariser returns 1 on a batch of 4. Used by :class:`KLDivergenceSparsity`
    (notebook 06).
    """
    probe = keras.layers.Activation("linear", activity_regularizer=lambda x: ops.ones((), dtype=x.dtype), name="batch_probe")
    probe(ops.zeros((4, 1)))
    added = float(ops.convert_to_numpy(ops.sum(probe.losses)))
    if np.isclose(added, 0.25):
        return True
    if np.isclose(added, 1.0):
        return False
    raise RuntimeError(f"unexpected activity-regulariser loss {added} from Keras {keras.__version__} (expected 1 or 1/4)")


@keras.saving.register_keras_serializable(package="course")
class KLDivergenceSparsity(keras.regularizers.Regularizer):
    """Penalty ``weight * sum_j KL(rho || rho_hat_j)`` on a layer's activations.

    ``rho_hat_j`` is unit ``j``'s mean activation over the batch and ``rho``
    the ``target`` mean activation (e.g. 0.05): each unit is pushed to be
    active for only a small share of inputs. With

        KL(rho || rho_hat) = rho log(rho / rho_hat) + (1 - rho) log((1 - rho) / (1 - rho_hat))

    the penalty is 0 exactly when every unit's mean activation equals the
    target. Activations must lie in (0, 1), so use it on a ``sigmoid`` layer:
    ``Dense(1000, activation="sigmoid", activity_regularizer=KLDivergenceSparsity(0.05, 1e-3))``.
    Serialisable, so models using it save and load in the ``.keras`` format.

    The loss a layer adds in training is this penalty, whatever the batch
    size. Recent Keras versions (``Layer.__call__``) divide what an activity
    regulariser returns by the batch size, which suits per-example penalties
    such as L1 and L2 (they sum over the batch) but not this one, already a
    batch mean. So, where Keras divides, calling the regulariser returns the
    batch size times the penalty; :meth:`penalty` always gives the formula.
    """

    def __init__(self, target=0.05, weight=1e-3):
        self.target = as_real(target, "target (a mean activation)", 0, 1, low_inclusive=False, high_inclusive=False)
        self.weight = as_real(weight, "weight", low=0)
        self._times_batch = keras_divides_activity_losses_by_batch()

    def penalty(self, activations):
        """``weight * sum_j KL(target || rho_hat_j)`` for a batch of ``activations`` (batch first)."""
        rho = self.target
        rho_hat = ops.clip(ops.mean(activations, axis=0), 1e-7, 1.0 - 1e-7)
        divergence = rho * ops.log(rho / rho_hat) + (1.0 - rho) * ops.log((1.0 - rho) / (1.0 - rho_hat))
        return self.weight * ops.sum(divergence)

    def __call__(self, activations):
        value = self.penalty(activations)
        if self._times_batch:  # undo the division by the batch size in Layer.__call__
            value = value * ops.cast(ops.shape(activations)[0], value.dtype)
        return value

    def get_config(self):
        return {"target": self.target, "weight": self.weight}
