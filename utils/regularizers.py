"""Activity regularisers for sparse autoencoders.

Introduced in notebook 06. Keras ships L1 and L2 penalties
(``keras.regularizers.L1``/``L2``); the KL-divergence sparsity target of the
classic sparse autoencoder is here.
"""

import keras
from keras import ops

from ._validate import as_real

__all__ = ["KLDivergenceSparsity"]


@keras.saving.register_keras_serializable(package="course")
class KLDivergenceSparsity(keras.regularizers.Regularizer):
    """Penalty ``weight * sum_j KL(rho || rho_hat_j)`` on a layer's activations.

    ``rho_hat_j`` is unit ``j``'s mean activation over the batch and ``rho``
    the ``target`` mean activation (e.g. 0.05): each unit is pushed to be
    active for only a small share of inputs. With

        KL(rho || rho_hat) = rho log(rho / rho_hat) + (1 - rho) log((1 - rho) / (1 - rho_hat))

    the penalty is 0 exactly when every unit's mean activation equals the
    target. Activations must lie in (0, 1), so use it on a ``sigmoid`` layer:
    ``Dense(1000, activation="sigmoid", activity_regularizer=KLDivergenceSparsity(0.05, 0.1))``.
    Serialisable, so models using it save and load in the ``.keras`` format.
    """

    def __init__(self, target=0.05, weight=0.1):
        self.target = as_real(target, "target (a mean activation)", 0, 1, low_inclusive=False, high_inclusive=False)
        self.weight = as_real(weight, "weight", low=0)

    def __call__(self, activations):
        rho = self.target
        rho_hat = ops.clip(ops.mean(activations, axis=0), 1e-7, 1.0 - 1e-7)
        divergence = rho * ops.log(rho / rho_hat) + (1.0 - rho) * ops.log((1.0 - rho) / (1.0 - rho_hat))
        return self.weight * ops.sum(divergence)

    def get_config(self):
        return {"target": self.target, "weight": self.weight}
