"""Exercise checks for notebook 04 (unsupervised pretraining)."""

import numpy as np

from ._feedback import not_yet, number_of, passed


def _logistic_accuracy(train_features, train_labels, test_features, test_labels):
    """(test accuracy, training accuracy) of the reference logistic regression."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(max_iter=2000).fit(train_features, train_labels)
    return model.score(test_features, test_labels), model.score(train_features, train_labels)


def exercise_1(probe_accuracy, encoder, x_train, y_train, labelled, x_test, y_test):
    """Test accuracy of logistic regression on standardised pretrained codes of the labelled images."""
    got = number_of(1, probe_accuracy, "probe_accuracy")
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(encoder.predict(x_train, verbose=0))
    train_codes = scaler.transform(encoder.predict(x_train[labelled], verbose=0))
    test_codes = scaler.transform(encoder.predict(x_test, verbose=0))
    expected, on_train = _logistic_accuracy(train_codes, y_train[labelled], test_codes, y_test)
    if np.isclose(got, on_train) and not np.isclose(got, expected):
        not_yet(1, "that is the accuracy on the labelled training images; score on the test images")
    if not 0 <= got <= 1:
        not_yet(1, f"an accuracy lies between 0 and 1, got {got:g}")
    if abs(got - expected) > 0.02:
        not_yet(1, "fit the scaler on all training codes, then logistic regression (max_iter=2000) on the "
                   "labelled codes, and score it on the test codes")
    return passed(1, f"Logistic regression on pretrained codes: {got:.3f}.")


def exercise_2(pixel_accuracy, x_train, y_train, labelled, x_test, y_test):
    """Test accuracy of logistic regression on the raw pixels of the labelled images."""
    got = number_of(2, pixel_accuracy, "pixel_accuracy")
    flat = lambda images: images.reshape(len(images), -1)  # noqa: E731
    expected, on_train = _logistic_accuracy(flat(x_train[labelled]), y_train[labelled], flat(x_test), y_test)
    if np.isclose(got, on_train) and not np.isclose(got, expected):
        not_yet(2, "that is the accuracy on the labelled training images; score on the test images")
    if abs(got - expected) > 0.02:
        not_yet(2, "flatten the images to 784 pixels, fit on the labelled ones, score on the test images")
    return passed(2, f"Pixels: {got:.3f}.")
