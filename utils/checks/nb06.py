"""Exercise checks for notebook 06 (sparse autoencoders)."""

import numpy as np

from ._feedback import array_of, not_yet, number_of, passed, run


def _kl(rho, rho_hat):
    return float(np.sum(rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat))))


def exercise_1(kl_by_hand, codes, rho=0.05):
    """The KL sparsity penalty summed over units, for target ``rho`` and the codes' mean activations."""
    kl_by_hand = number_of(1, kl_by_hand, "kl_by_hand")
    rho_hat = np.clip(np.asarray(codes, np.float64).mean(axis=0), 1e-7, 1 - 1e-7)
    expected = _kl(rho, rho_hat)
    if np.isclose(kl_by_hand, expected, rtol=1e-3):
        return passed(1, f"{kl_by_hand:.1f}.")
    if np.isclose(kl_by_hand, sum(_kl(r, rho) for r in rho_hat), rtol=1e-3):
        not_yet(1, "you swapped rho and rho_hat: KL(rho || rho_hat) is not symmetric")
    if np.isclose(kl_by_hand, expected / len(rho_hat), rtol=1e-3):
        not_yet(1, "you averaged over the hidden units: the penalty sums over them")
    not_yet(1, "rho_hat_j is the mean activation of unit j over the images (axis 0)")


def exercise_2(dead_share):
    """``dead_share(codes)``: the share of units whose activation never reaches 0.01."""
    # 3 images x 4 units: units 0 and 2 never reach 0.01 (dead); unit 3 has a mean below 0.01 but reaches 0.015
    toy = np.array([[0.0, 0.5, 0.005, 0.0], [0.001, 0.0, 0.009, 0.015], [0.002, 0.0, 0.001, 0.004]])
    got = number_of(2, run(2, dead_share, toy), "dead_share(toy)")
    if np.isclose(got, 0.5):
        return passed(2)
    if np.isclose(got, 0.75):
        not_yet(2, "a unit with a mean below 0.01 can still reach 0.01 on some image: dead means it never does")
    if np.isclose(got, 1 / 3) or np.isclose(got, 2 / 3):
        not_yet(2, "a unit is dead when it stays below 0.01 for every image: look along axis 0 (images)")
    not_yet(2, f"dead_share(toy) returned {got:g}; for each unit (column), ask whether any image (row) reaches 0.01, "
               "and return the share of units for which none does, a number between 0 and 1")
