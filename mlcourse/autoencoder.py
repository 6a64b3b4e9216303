"""PCA, the squared error per image and masking noise, as built in lesson 05's autoencoder notebook.

Lesson 05 (``3_autoencoder_numpy``) has the learner write these; later notebooks
(``4_autoencoder_tensorflow``) import them from here, with the same names and signatures.
NumPy only. Images are rows: X of shape (N, D), e.g. D = 784 pixels in [0, 1].
"""
import numpy as np


def pca_fit(X, k):
    """Principal components of the rows of X, from the SVD of the centred data.

    X: float array (N, D); k: int, 1 <= k <= min(N, D).
    Returns: (mean, components) with mean float (D,), the mean image, and components float (k, D),
    orthonormal rows, the directions of largest variance first.
    """
    mean = X.mean(axis=0)
    _, _, Vt = np.linalg.svd(X - mean, full_matrices=False)
    return mean, Vt[:k]


def pca_encode(X, mean, components):
    """Coordinates of the rows of X along the components. X: (N, D). Returns: float (N, k)."""
    return (X - mean) @ components.T


def pca_decode(Z, mean, components):
    """Images rebuilt from their PCA coordinates. Z: (N, k). Returns: float (N, D)."""
    return Z @ components + mean


def squared_error_per_image(X, X_hat):
    """Squared error summed over the pixels of each image, averaged over the images.

    X, X_hat: float arrays (N, D). Returns: float. (Hinton & Salakhutdinov's measure, 2006.)
    """
    return float(np.mean(np.sum((X - X_hat) ** 2, axis=1)))


def add_noise(X, rate, rng):
    """Masking noise: each entry set to 0 with probability ``rate``, the others unchanged.

    X: float array, any shape; rate: float in [0, 1]; rng: np.random.Generator.
    Returns: a new array shaped like X, of its dtype (X itself is not changed).
    """
    keep = rng.random(X.shape) >= rate
    return X * keep
