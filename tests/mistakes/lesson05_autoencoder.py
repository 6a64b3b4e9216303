"""Typical mistakes for lesson 05's autoencoder notebooks (3_autoencoder_numpy, 4_autoencoder_tensorflow).

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell).
"""

_PCA = """
def pca_fit(X, k):
    mean = X.mean(axis=0)
    U, S, Vt = np.linalg.svd(__CENTRED__, full_matrices=False)
    return mean, __COMPONENTS__


def pca_encode(X, mean, components):
    return __ENCODE__


def pca_decode(Z, mean, components):
    return __DECODE__
"""
_PCA_OK = {
    "__CENTRED__": "X - mean",
    "__COMPONENTS__": "Vt[:k]",
    "__ENCODE__": "(X - mean) @ components.T",
    "__DECODE__": "Z @ components + mean",
}


def _pca(**wrong):
    code = _PCA
    for key, value in {**_PCA_OK, **wrong}.items():
        code = code.replace(key, value)
    return code


_ERROR = """
def squared_error_per_image(X, X_hat):
    return float(__BODY__)
"""

_AE_FORWARD = """
def ae_forward(X, params):
    Z1, cache1 = dense_forward(X, params["W1"], params["b1"])
    code = __CODE__
    Z2, cache2 = dense_forward(__DECODER_INPUT__, params["W2"], params["b2"])
    X_hat = __OUTPUT__
    return X_hat, __RETURNED_CODE__, (cache1, Z1, cache2, X_hat)
"""
_AE_FORWARD_OK = {
    "__CODE__": "sigmoid(Z1)",
    "__DECODER_INPUT__": "code",
    "__OUTPUT__": "sigmoid(Z2)",
    "__RETURNED_CODE__": "code",
}


def _ae_forward(**wrong):
    code = _AE_FORWARD
    for key, value in {**_AE_FORWARD_OK, **wrong}.items():
        code = code.replace(key, value)
    return code


_AE_BACKWARD = """
def ae_backward(X, cache):
    cache1, Z1, cache2, X_hat = cache
    dZ2 = __DZ2__
    dcode, dW2, db2 = dense_backward(dZ2, cache2)
    dZ1 = __DZ1__
    _, dW1, db1 = dense_backward(dZ1, cache1)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
"""
_AE_BACKWARD_OK = {"__DZ2__": "(X_hat - X) / len(X)", "__DZ1__": "sigmoid_backward(dcode, Z1)"}


def _ae_backward(**wrong):
    code = _AE_BACKWARD
    for key, value in {**_AE_BACKWARD_OK, **wrong}.items():
        code = code.replace(key, value)
    return code


_NOISE = """
def add_noise(X, rate, rng):
    keep = __KEEP__
    return __OUT__
"""


def _noise(keep="rng.random(X.shape) >= rate", out="X * keep"):
    return _NOISE.replace("__KEEP__", keep).replace("__OUT__", out)


_BUILD = """
def build_autoencoder(sizes):
    inputs = keras.Input((sizes[0],))
    x = inputs
    for units in sizes[1:-1]:
        x = keras.layers.Dense(units, activation="relu")(x)
    code = keras.layers.Dense(sizes[-1]__CODE_ACTIVATION__)(x)
    x = code
    for units in __DECODER_SIZES__:
        x = keras.layers.Dense(units, activation="relu")(x)
    outputs = keras.layers.Dense(sizes[0]__OUTPUT_ACTIVATION__)(x)
    return keras.Model(inputs, outputs), __ENCODER__
"""
_BUILD_OK = {
    "__CODE_ACTIVATION__": "",
    "__DECODER_SIZES__": "reversed(sizes[1:-1])",
    "__OUTPUT_ACTIVATION__": ', activation="sigmoid"',
    "__ENCODER__": "keras.Model(inputs, code)",
}


def _build(**wrong):
    code = _BUILD
    for key, value in {**_BUILD_OK, **wrong}.items():
        code = code.replace(key, value)
    return code


_SEPARATE_ENCODER = """
def _encoder(sizes):
    inputs = keras.Input((sizes[0],))
    x = inputs
    for units in sizes[1:-1]:
        x = keras.layers.Dense(units, activation="relu")(x)
    return keras.Model(inputs, keras.layers.Dense(sizes[-1])(x))
"""

_DENOISING = """
def denoising_data(X, rate, rng):
    __BODY__
"""


def _denoising(body):
    return _DENOISING.replace("__BODY__", body)


MISTAKES = {
    "3_autoencoder_numpy.ipynb": {
        "pca": [
            ("PCA without centring", _pca(__CENTRED__="X")),
            ("components taken from U instead of V", _pca(__COMPONENTS__="U[:, :k].T")),
            ("the last k components (smallest variance)", _pca(__COMPONENTS__="Vt[-k:]")),
            ("components scaled by the singular values", _pca(__COMPONENTS__="S[:k, None] * Vt[:k]")),
            ("encode without subtracting the mean", _pca(__ENCODE__="X @ components.T")),
            ("decode without adding the mean back", _pca(__DECODE__="Z @ components")),
            (
                "codes clipped at 6 (large-value sweep: passed the visible tests, lost hidden points)",
                _pca(__ENCODE__="np.clip((X - mean) @ components.T, -6, 6)"),
            ),
            ("images clipped at 100 after decoding", _pca(__DECODE__="np.clip(Z @ components + mean, -100, 100)")),
        ],
        "squared_error_per_image": [
            (
                "error averaged over pixels instead of summed per image",
                _ERROR.replace("__BODY__", "np.mean((X - X_hat) ** 2)"),
            ),
            ("summed over all images instead of averaged", _ERROR.replace("__BODY__", "np.sum((X - X_hat) ** 2)")),
            (
                "Euclidean distance per image (square root)",
                _ERROR.replace("__BODY__", "np.mean(np.sqrt(np.sum((X - X_hat) ** 2, axis=1)))"),
            ),
            ("differences not squared", _ERROR.replace("__BODY__", "np.mean(np.sum(X - X_hat, axis=1))")),
            (
                "capped at 100 (large-value sweep: passed the visible tests, lost hidden points)",
                _ERROR.replace("__BODY__", "min(np.mean(np.sum((X - X_hat) ** 2, axis=1)), 100.0)"),
            ),
        ],
        "ae_forward": [
            ("ReLU code instead of sigmoid", _ae_forward(__CODE__="np.maximum(Z1, 0)")),
            ("linear output (no sigmoid)", _ae_forward(__OUTPUT__="Z2")),
            ("code returned before its sigmoid", _ae_forward(__RETURNED_CODE__="Z1")),
            ("decoder fed the pre-activation Z1", _ae_forward(__DECODER_INPUT__="Z1")),
        ],
        "ae_backward": [
            ("sigmoid derivative missing in backward (code layer)", _ae_backward(__DZ1__="dcode")),
            (
                "gradient of the wrong loss (squared error)",
                _ae_backward(__DZ2__="2 * (X_hat - X) * X_hat * (1 - X_hat) / len(X)"),
            ),
            (
                "an extra sigmoid derivative at the output",
                _ae_backward(__DZ2__="(X_hat - X) * X_hat * (1 - X_hat) / len(X)"),
            ),
            ("not averaged over the batch", _ae_backward(__DZ2__="X_hat - X")),
            ("averaged over the pixels too", _ae_backward(__DZ2__="(X_hat - X) / X.size")),
            ("sign error", _ae_backward(__DZ2__="(X - X_hat) / len(X)")),
        ],
        "add_noise": [
            ("noise that rescales the kept pixels", _noise(out="X * keep / (1 - rate)")),
            ("rate taken as the probability of keeping", _noise(keep="rng.random(X.shape) < rate")),
            ("noise drawn from np.random instead of rng", _noise(keep="np.random.random(X.shape) >= rate")),
            ("X changed in place", _noise(keep="rng.random(X.shape) >= rate; X *= keep", out="X")),
            ("kept pixels set to 1", _noise(out="keep.astype(X.dtype)")),
        ],
    },
    "4_autoencoder_tensorflow.ipynb": {
        "build_autoencoder": [
            ("ReLU code layer instead of linear", _build(__CODE_ACTIVATION__=', activation="relu"')),
            ("sigmoid code layer", _build(__CODE_ACTIVATION__=', activation="sigmoid"')),
            ("linear output (no sigmoid)", _build(__OUTPUT_ACTIVATION__="")),
            ("ReLU output", _build(__OUTPUT_ACTIVATION__=', activation="relu"')),
            ("no mirror: the decoder goes straight from the code to the pixels", _build(__DECODER_SIZES__="[]")),
            ("decoder sizes not reversed", _build(__DECODER_SIZES__="sizes[1:-1]")),
            ("encoder with layers of its own (not shared)", _SEPARATE_ENCODER + _build(__ENCODER__="_encoder(sizes)")),
        ],
        "denoising_data": [
            (
                "noise applied to the target too (the same noisy images)",
                _denoising("noisy = add_noise(X, rate, rng)\n    return noisy, noisy"),
            ),
            (
                "noise applied to the target too (its own noise)",
                _denoising("return add_noise(X, rate, rng), add_noise(X, rate, rng)"),
            ),
            ("inputs and targets swapped", _denoising("return X, add_noise(X, rate, rng)")),
            ("noise that rescales the kept pixels", _denoising("return add_noise(X, rate, rng) / (1 - rate), X")),
            ("no noise at all", _denoising("return X.copy(), X")),
        ],
    },
}
