"""The learner's library computes what the lessons teach, so the two cannot drift apart.

Every public function of a library module (``mlcourse.nn``, ``mlcourse.conv``, ``mlcourse.rnn``) is run next to the
lesson notebook's own solution, taken from its solution cells, on random inputs: several shapes and
hyper-parameters, float32 and float64, three seeds, forward and backward. Each side's backward
receives the cache of its own forward. Outputs, caches and the arguments a function changes in
place (Adam's parameters and state, a random generator) must agree in type, shape, dtype and value;
float32 inputs must give float32 outputs.

To register a lesson: one line in ``LIBRARY`` (library module: notebook), then one ``@case`` per
function, which says how to build its arguments.
"""
import ast
import inspect
import types

import numpy as np
import pytest

from mlcourse import autoencoder, conv, nn, rnn
from tests.lessons import LESSONS, exercises

pytestmark = pytest.mark.filterwarnings("error")   # an overflow warning would reach the learner's stderr

LIBRARY = {
    nn: "02_deep/deep_numpy.ipynb",
    conv: "03_conv/conv_numpy.ipynb",
    rnn: "04_rnn_lstm/rnn_numpy.ipynb",
    autoencoder: "05_rbm_autoencoder/3_autoencoder_numpy.ipynb",
}

FLOATS = (np.float32, np.float64)
SEEDS = (0, 1, 2)
TOLERANCE = {np.dtype(np.float32): 1e-5, np.dtype(np.float64): 1e-12}   # relative: room for another rounding order

CASES = {}   # "module.function" -> (dtypes, builder(impl, g, dtype) -> list of argument tuples)


def case(function, dtypes=FLOATS):
    """Register how to build random arguments for ``function``; dtypes=(None,) when it takes no float array.

    The builder gets ``impl`` (the library module or the lesson's namespace: a backward builds its
    cache with ``impl``'s forward), a seeded ``np.random.Generator`` and the dtype.
    """
    def register(builder):
        CASES[f"{function.__module__}.{function.__name__}"] = (dtypes, builder)
        return builder
    return register


def normal(g, shape, dtype, scale=1.0):
    return (g.standard_normal(shape) * scale).astype(dtype)


def with_zeros(g, shape, dtype):
    """Normal values with about a fifth of them exactly 0 (ReLU's kink)."""
    Z = normal(g, shape, dtype)
    Z[g.random(shape) < 0.2] = 0
    return Z


def random_params(g, sizes, dtype):
    """Weights and biases of a dense network with these layer sizes, as init_params names them."""
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = normal(g, (sizes[l - 1], sizes[l]), dtype, 0.5)
        params[f"b{l}"] = normal(g, (sizes[l],), dtype, 0.5)
    return params


SHAPES = [(5,), (4, 7), (2, 3, 4, 5)]
DENSE = [(1, 3, 2), (5, 4, 6), (16, 30, 10)]                        # n, d_in, d_out
NETWORKS = [([4, 3], "relu"), ([5, 6, 3], "sigmoid"), ([6, 8, 7, 5, 4], "relu")]
DROPOUT = [(1.0, False), (0.5, True), (0.8, True), (1.0, True)]     # keep_prob, training
CONVS = [((2, 6, 7, 3), (3, 3, 3, 4), 1, 1), ((1, 8, 8, 2), (5, 5, 2, 3), 2, 2), ((3, 5, 6, 1), (2, 3, 1, 2), 3, 0)]
POOLS = [((2, 6, 6, 3), 2, 2), ((1, 7, 5, 2), 3, 2), ((2, 5, 5, 1), 2, 1), ((1, 9, 8, 2), 3, 3)]
SEQUENCES = [(1, 1, 2, 3), (3, 5, 4, 6), (8, 28, 28, 16)]            # N, T, D, H


# ---- mlcourse.nn (lesson 02) ----

@case(nn.relu)
def relu_cases(impl, g, dtype):
    return [(with_zeros(g, shape, dtype),) for shape in SHAPES]


@case(nn.relu_backward)
def relu_backward_cases(impl, g, dtype):
    return [(normal(g, shape, dtype), with_zeros(g, shape, dtype)) for shape in SHAPES]


@case(nn.sigmoid)
def sigmoid_cases(impl, g, dtype):
    return [(normal(g, shape, dtype, 5),) for shape in SHAPES] + [(np.array([-1000, 0, 1000], dtype),)]


@case(nn.sigmoid_backward)
def sigmoid_backward_cases(impl, g, dtype):
    return [(normal(g, shape, dtype), normal(g, shape, dtype, 5)) for shape in SHAPES]


@case(nn.dense_forward)
def dense_forward_cases(impl, g, dtype):
    return [(normal(g, (n, i), dtype), normal(g, (i, o), dtype), normal(g, (o,), dtype)) for n, i, o in DENSE]


@case(nn.dense_backward)
def dense_backward_cases(impl, g, dtype):
    return [(normal(g, (n, o), dtype), impl.dense_forward(normal(g, (n, i), dtype), normal(g, (i, o), dtype),
                                                           normal(g, (o,), dtype))[1]) for n, i, o in DENSE]


@case(nn.softmax_cross_entropy)
def softmax_cross_entropy_cases(impl, g, dtype):
    cases = [(normal(g, (n, k), dtype, 3), np.eye(k, dtype=dtype)[g.integers(0, k, n)])
             for n, k in [(1, 2), (7, 5), (32, 10)]]
    return cases + [(np.array([[1000, 0, -1000], [0, 0, 0]], dtype), np.eye(3, dtype=dtype)[[1, 2]])]


@case(nn.init_params, dtypes=(None,))
def init_params_cases(impl, g, dtype):
    return [([3, 2], g), ([5, 4, 3], g), ([784, 20, 10], g)]


@case(nn.dropout_forward)
def dropout_forward_cases(impl, g, dtype):
    return [(normal(g, (6, 9), dtype), keep_prob, g, training) for keep_prob, training in DROPOUT]


@case(nn.dropout_backward)
def dropout_backward_cases(impl, g, dtype):
    return [(normal(g, (6, 9), dtype), impl.dropout_forward(normal(g, (6, 9), dtype), keep_prob, g, True)[1], keep_prob)
            for keep_prob, _ in DROPOUT[1:]]


@case(nn.mlp_forward)
def mlp_forward_cases(impl, g, dtype):
    return [(normal(g, (5, sizes[0]), dtype), random_params(g, sizes, dtype), activation, keep_prob, g, training)
            for sizes, activation in NETWORKS for keep_prob, training in DROPOUT]


@case(nn.mlp_backward)
def mlp_backward_cases(impl, g, dtype):
    cases = []
    for sizes, activation in NETWORKS:
        for keep_prob, training in DROPOUT:
            logits, caches = impl.mlp_forward(normal(g, (5, sizes[0]), dtype), random_params(g, sizes, dtype),
                                              activation, keep_prob, g, training)
            cases.append((normal(g, logits.shape, dtype), caches, activation, keep_prob))
    return cases


@case(nn.exp_decay_lr, dtypes=(None,))
def exp_decay_lr_cases(impl, g, dtype):
    return [(0, 0.003, 0.0001, 2000), (2500, 0.003, 0.0001, 2000), (int(g.integers(0, 10 ** 5)), 0.5, 0.1, 300.0),
            (np.arange(0, 10000, 250), 0.003, 0.0001, 2000)]


@case(nn.adam_init)
def adam_init_cases(impl, g, dtype):
    return [(random_params(g, sizes, dtype),) for sizes, _ in NETWORKS]


@case(nn.adam_step)
def adam_step_cases(impl, g, dtype):
    """The step after two earlier ones, so that the moments and the bias correction are not trivial."""
    cases = []
    # lr, beta1, beta2, eps
    settings = [(0.01, 0.9, 0.999, 1e-8), (np.float64(0.003), 0.8, 0.99, 1e-6), (0.5, 0.5, 0.9, 1e-3)]
    for (sizes, _), (lr, *betas) in zip(NETWORKS, settings):
        params = random_params(g, sizes, dtype)
        state = impl.adam_init(params)
        for _ in range(2):
            impl.adam_step(params, {k: normal(g, v.shape, dtype) for k, v in params.items()}, state, lr, *betas)
        cases.append((params, {k: normal(g, v.shape, dtype) for k, v in params.items()}, state, lr, *betas))
    return cases


# ---- mlcourse.conv (lesson 03) ----

@case(conv.conv_output_size, dtypes=(None,))
def conv_output_size_cases(impl, g, dtype):
    return [(28, 5, 1, 2), (28, 5, 2, 0), (7, 3, 2, 1), (9, 4, 3, 2), (1, 1, 1, 0),
            tuple(int(v) for v in (g.integers(8, 40), g.integers(1, 8), g.integers(1, 4), g.integers(0, 3)))]


@case(conv.im2col)
def im2col_cases(impl, g, dtype):
    return [(normal(g, x, dtype), w[0], w[1], s, p) for x, w, s, p in CONVS]


@case(conv.conv2d_forward)
def conv2d_forward_cases(impl, g, dtype):
    return [(normal(g, x, dtype), normal(g, w, dtype), normal(g, w[3:], dtype), s, p) for x, w, s, p in CONVS]


@case(conv.conv2d_backward)
def conv2d_backward_cases(impl, g, dtype):
    cases = []
    for x, w, s, p in CONVS:
        out, cache = impl.conv2d_forward(normal(g, x, dtype), normal(g, w, dtype), normal(g, w[3:], dtype), s, p)
        cases.append((normal(g, out.shape, dtype), cache))
    return cases


@case(conv.maxpool_forward)
def maxpool_forward_cases(impl, g, dtype):
    # ReLU outputs too: windows of zeros, where which cell holds "the" maximum is a convention.
    return [(X, size, s) for x, size, s in POOLS for X in (normal(g, x, dtype), np.maximum(normal(g, x, dtype), 0))]


@case(conv.maxpool_backward)
def maxpool_backward_cases(impl, g, dtype):
    cases = []
    for x, size, s in POOLS:
        for X in (normal(g, x, dtype), np.maximum(normal(g, x, dtype), 0)):
            out, cache = impl.maxpool_forward(X, size, s)
            cases.append((normal(g, out.shape, dtype), cache))
    return cases


# ---- mlcourse.rnn (lesson 04) ----

def recurrent_args(g, dtype, n, d, h, gates):
    """(x or X, h0, Wx, Wh, b) of a recurrent layer with ``gates`` blocks of h columns."""
    return (normal(g, d, dtype), normal(g, (n, h), dtype), normal(g, (d[-1], gates * h), dtype, 0.5),
            normal(g, (h, gates * h), dtype, 0.5), normal(g, (gates * h,), dtype, 0.5))


@case(rnn.rnn_step_forward)
def rnn_step_forward_cases(impl, g, dtype):
    return [recurrent_args(g, dtype, n, (n, d), h, 1) for n, _, d, h in SEQUENCES]


@case(rnn.rnn_step_backward)
def rnn_step_backward_cases(impl, g, dtype):
    return [(normal(g, (n, h), dtype), impl.rnn_step_forward(*recurrent_args(g, dtype, n, (n, d), h, 1))[1])
            for n, _, d, h in SEQUENCES]


@case(rnn.rnn_forward)
def rnn_forward_cases(impl, g, dtype):
    return [recurrent_args(g, dtype, n, (n, t, d), h, 1) for n, t, d, h in SEQUENCES]


@case(rnn.rnn_backward)
def rnn_backward_cases(impl, g, dtype):
    return [(normal(g, (n, t, h), dtype), impl.rnn_forward(*recurrent_args(g, dtype, n, (n, t, d), h, 1))[1])
            for n, t, d, h in SEQUENCES]


@case(rnn.clip_by_global_norm)
def clip_by_global_norm_cases(impl, g, dtype):
    grads = [normal(g, shape, dtype) for shape in SHAPES]       # global norm about 15
    return [(grads, 1.0), (grads, 100.0), ([normal(g, (3, 4), dtype, 1e-3)], 0.5)]


@case(rnn.lstm_step_forward)
def lstm_step_forward_cases(impl, g, dtype):
    cases = []
    for n, _, d, h in SEQUENCES:
        x, h_prev, Wx, Wh, b = recurrent_args(g, dtype, n, (n, d), h, 4)
        cases.append((x, h_prev, normal(g, (n, h), dtype), Wx, Wh, b))
    return cases


@case(rnn.lstm_step_backward)
def lstm_step_backward_cases(impl, g, dtype):
    cases = []
    for n, _, d, h in SEQUENCES:
        x, h_prev, Wx, Wh, b = recurrent_args(g, dtype, n, (n, d), h, 4)
        cache = impl.lstm_step_forward(x, h_prev, normal(g, (n, h), dtype), Wx, Wh, b)[2]
        cases.append((normal(g, (n, h), dtype), normal(g, (n, h), dtype), cache))
    return cases


@case(rnn.lstm_forward)
def lstm_forward_cases(impl, g, dtype):
    return [recurrent_args(g, dtype, n, (n, t, d), h, 4) for n, t, d, h in SEQUENCES]


@case(rnn.lstm_backward)
def lstm_backward_cases(impl, g, dtype):
    return [(normal(g, (n, t, h), dtype), impl.lstm_forward(*recurrent_args(g, dtype, n, (n, t, d), h, 4))[1])
            for n, t, d, h in SEQUENCES]


# ---- mlcourse.autoencoder (lesson 05, 3_autoencoder_numpy) ----

IMAGES = [(7, 5), (40, 12), (3, 784)]     # N, D


@case(autoencoder.pca_fit)
def pca_fit_cases(impl, g, dtype):
    return [(g.random(shape).astype(dtype), k) for shape in IMAGES for k in (1, min(shape) - 1)]


@case(autoencoder.pca_encode)
def pca_encode_cases(impl, g, dtype):
    return [(g.random(shape).astype(dtype), *impl.pca_fit(g.random(shape).astype(dtype), min(shape) - 1))
            for shape in IMAGES]


@case(autoencoder.pca_decode)
def pca_decode_cases(impl, g, dtype):
    cases = []
    for shape in IMAGES:
        mean, components = impl.pca_fit(g.random(shape).astype(dtype), min(shape) - 1)
        cases.append((normal(g, (shape[0], len(components)), dtype), mean, components))
    return cases


@case(autoencoder.squared_error_per_image)
def squared_error_per_image_cases(impl, g, dtype):
    return [(g.random(shape).astype(dtype), g.random(shape).astype(dtype)) for shape in IMAGES]


@case(autoencoder.add_noise)
def add_noise_cases(impl, g, dtype):
    return [(g.random(shape).astype(dtype), rate, g) for shape in IMAGES for rate in (0.0, 0.3, 1.0)]


# ---- the machinery ----

def public_functions(module):
    return [name for name, f in inspect.getmembers(module, inspect.isfunction)
            if not name.startswith("_") and f.__module__ == module.__name__]


_namespaces = {}


def lesson_namespace(notebook):
    """The names the notebook's solution cells define, run after the import statements of its setup cell."""
    if notebook not in _namespaces:
        setup, found = exercises(LESSONS / notebook)
        imports = [node for node in ast.parse(setup).body if isinstance(node, (ast.Import, ast.ImportFrom))]
        namespace = {"__name__": f"lesson {notebook}"}
        exec(compile(ast.Module(body=imports, type_ignores=[]), f"{notebook} (setup imports)", "exec"), namespace)
        for exercise in found:
            exec(compile(exercise.solution, f"{notebook} ({exercise.solution_id})", "exec"), namespace)
        _namespaces[notebook] = namespace
    return _namespaces[notebook]


def differences(got, expected, where):
    """Descriptions of how the library's ``got`` differs from the lesson's ``expected``."""
    if type(got) is not type(expected):
        return [f"{where}: {type(got).__name__}, the lesson's is {type(expected).__name__}"]
    if isinstance(expected, np.ndarray):
        if got.shape != expected.shape or got.dtype != expected.dtype:
            return [f"{where}: {got.dtype} {got.shape}, the lesson's is {expected.dtype} {expected.shape}"]
        if np.issubdtype(expected.dtype, np.floating):
            tol = TOLERANCE[expected.dtype]
            scale = max(1.0, float(np.max(np.abs(expected), initial=0)))
            if not np.allclose(got, expected, rtol=tol, atol=tol * scale):
                return [f"{where}: values differ by up to {float(np.max(np.abs(got - expected))):.3g}"]
        elif not np.array_equal(got, expected):
            return [f"{where}: {int(np.sum(got != expected))} of {expected.size} entries differ"]
        return []
    if isinstance(expected, dict):
        if list(got) != list(expected):
            return [f"{where}: keys {list(got)}, the lesson's are {list(expected)}"]
        return [d for key in expected for d in differences(got[key], expected[key], f"{where}[{key!r}]")]
    if isinstance(expected, (tuple, list)):
        if len(got) != len(expected):
            return [f"{where}: length {len(got)}, the lesson's is {len(expected)}"]
        return [d for i, (a, b) in enumerate(zip(got, expected)) for d in differences(a, b, f"{where}[{i}]")]
    if isinstance(expected, np.random.Generator):
        same = got.bit_generator.state == expected.bit_generator.state
        return [] if same else [f"{where}: the random generator was used differently (another number of draws)"]
    if isinstance(expected, (float, np.floating)):
        close = np.isclose(got, expected, rtol=1e-5 if isinstance(expected, np.float32) else 1e-12, atol=0)
        return [] if close else [f"{where}: {got!r}, the lesson's is {expected!r}"]
    return [] if got == expected else [f"{where}: {got!r}, the lesson's is {expected!r}"]


def float_dtypes(value):
    """The dtypes of every float array inside ``value``."""
    if isinstance(value, np.ndarray):
        return {value.dtype} if np.issubdtype(value.dtype, np.floating) else set()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (tuple, list)):
        return set().union(*(float_dtypes(v) for v in value))
    return set()


def run(function_name, impl, builder, dtype, seed):
    """(results, arguments after the calls) of ``impl``'s function on the builder's arguments."""
    calls = builder(impl, np.random.default_rng(seed), dtype)
    function = getattr(impl, function_name)
    return [function(*args) for args in calls], calls


def _params():
    for module in LIBRARY:
        for name in public_functions(module):
            key = f"{module.__name__}.{name}"
            if key in CASES:
                for dtype in CASES[key][0]:
                    for seed in SEEDS:
                        label = f"{key}-{'no floats' if dtype is None else np.dtype(dtype).name}-seed{seed}"
                        yield pytest.param(module, name, dtype, seed, id=label)


@pytest.mark.parametrize("module", list(LIBRARY), ids=lambda m: m.__name__)
def test_every_library_function_is_the_lessons_with_the_same_signature(module):
    notebook = LIBRARY[module]
    namespace = lesson_namespace(notebook)
    for name in public_functions(module):
        assert f"{module.__name__}.{name}" in CASES, f"{module.__name__}.{name} has no @case in this file: register one"
        lesson_function = namespace.get(name)
        assert callable(lesson_function), f"{module.__name__}.{name} is not defined by a solution cell of {notebook}"
        assert lesson_function.__module__ == namespace["__name__"], (
            f"{name} of {notebook} is imported, not the lesson's own solution")
        assert inspect.signature(getattr(module, name)) == inspect.signature(lesson_function), (
            f"{module.__name__}.{name}{inspect.signature(getattr(module, name))} has not the signature "
            f"{name}{inspect.signature(lesson_function)} that {notebook} teaches")


@pytest.mark.parametrize("module, name, dtype, seed", list(_params()))
def test_library_function_matches_the_lessons_solution(module, name, dtype, seed):
    notebook = LIBRARY[module]
    builder = CASES[f"{module.__name__}.{name}"][1]
    lesson = types.SimpleNamespace(**lesson_namespace(notebook))
    expected, expected_args = run(name, lesson, builder, dtype, seed)
    got, got_args = run(name, module, builder, dtype, seed)
    found = []
    for i, (result, lesson_result, args, lesson_args) in enumerate(zip(got, expected, got_args, expected_args)):
        found += differences(result, lesson_result, f"call {i}: result")
        found += differences(args, lesson_args, f"call {i}: arguments after the call")
        if dtype == np.float32:
            dtypes = float_dtypes([result, args])
            assert dtypes <= {np.dtype(np.float32)}, (
                f"{module.__name__}.{name}: float32 inputs gave {sorted(map(str, dtypes))} in call {i}")
    assert not found, (f"{module.__name__}.{name} differs from the solution in {notebook}:\n  "
                       + "\n  ".join(found[:8]))
