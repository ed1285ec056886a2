"""utils.calibration: the fixed workload that makes run times comparable across machines."""

from utils import calibration


def test_calibration_workload_runs_and_is_timed(monkeypatch):
    monkeypatch.setattr(calibration, "EPOCHS", 1)
    monkeypatch.setattr(calibration, "N_DIGITS", 100)
    seconds = calibration.calibration_seconds()
    assert 0 < seconds < 120


def test_the_workload_is_fixed():
    assert (calibration.EPOCHS, calibration.N_DIGITS, calibration.BATCH_SIZE) == (3, 4000, 32)
