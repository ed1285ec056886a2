"""Exercise checks for notebook 05 (unsupervised pretraining)."""

import numpy as np

from ._feedback import not_yet, number_of, passed


def _nearest_neighbour_accuracy(train_features, train_labels, test_features, test_labels):
    from sklearn.neighbors import KNeighborsClassifier

    model = KNeighborsClassifier(n_neighbors=1).fit(train_features, train_labels)
    return model.score(test_features, test_labels)


def exercise_1(nn_code_accuracy, nn_pixel_accuracy, train_codes, test_codes, train_pixels, test_pixels,
               train_labels, test_labels):
    """1-nearest-neighbour test accuracy in the standardised code space and in pixel space."""
    answers = {"nn_code_accuracy": (nn_code_accuracy, train_codes, test_codes),
               "nn_pixel_accuracy": (nn_pixel_accuracy, train_pixels, test_pixels)}
    got = {}
    for name, (value, train, test) in answers.items():
        got[name] = number_of(1, value, name)
        if got[name] == 1.0:
            not_yet(1, f"{name} is 1.0, the accuracy on the labelled images themselves (each is its own nearest "
                       "neighbour); score on the test digits")
        expected = _nearest_neighbour_accuracy(train, train_labels, test, test_labels)
        if abs(got[name] - expected) > 1e-9:
            hint = ("standardise the codes with pretrained_stats before measuring distances"
                    if name == "nn_code_accuracy" else "flatten the images to 784 pixels")
            not_yet(1, f"{name} does not match 1-nearest-neighbour on the test digits: {hint}")
    winner = "codes" if got["nn_code_accuracy"] > got["nn_pixel_accuracy"] else "pixels"
    return passed(1, f"Nearest neighbour: codes {got['nn_code_accuracy']:.3f}, pixels {got['nn_pixel_accuracy']:.3f} "
                     f"({winner} ahead).")


def exercise_2(pca_accuracy, pool_pixels, labelled_pixels, labelled_labels, test_pixels, test_labels):
    """Logistic regression on standardised PCA scores (32 components fitted on the unlabelled pool sample)."""
    got = number_of(2, pca_accuracy, "pca_accuracy")
    if not 0 <= got <= 1:
        not_yet(2, f"an accuracy lies between 0 and 1, got {got:g}")
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    pca = PCA(n_components=32, random_state=0).fit(pool_pixels)
    stats = StandardScaler().fit(pca.transform(pool_pixels))
    probe = LogisticRegression(max_iter=3000).fit(stats.transform(pca.transform(labelled_pixels)), labelled_labels)
    expected = probe.score(stats.transform(pca.transform(test_pixels)), test_labels)
    on_train = probe.score(stats.transform(pca.transform(labelled_pixels)), labelled_labels)
    if np.isclose(got, on_train) and not np.isclose(got, expected):
        not_yet(2, "that is the accuracy on the labelled images; score on the test digits")
    if abs(got - expected) > 0.02:
        not_yet(2, "fit PCA (32 components) and the scaler on the 10,000 unlabelled pool images only, then the "
                   "probe on the scores of the labelled images, and score the test digits")
    return passed(2, f"Logistic regression on PCA scores: {got:.3f}.")
