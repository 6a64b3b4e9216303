"""The course's own NumPy code as ``mlcourse bench`` times it: the learner's library on the lessons' shapes.

Each ``*_workload`` function builds float32 inputs (random: the timing of these kernels does not
depend on the values) and returns ``(step, flops)``: ``step()`` runs the kernel once, ``flops``
counts the floating-point operations of its matrix products, 2 * m * k * n for an (m, k) @ (k, n)
product, for the work the computation needs (elementwise work is not counted). The shapes are the
lessons' (constants below), and the TensorFlow references in ``bench_tensorflow`` use the same ones.
"""
import numpy as np

from .. import conv, nn, rbm, rnn

# Lesson 02: the 784-200-100-60-30-10 ReLU net at batch 100, dropout keeping 75% of the units.
MLP_LAYERS = [784, 200, 100, 60, 30, 10]
MLP_BATCH = 100
MLP_KEEP = 0.75
# Lesson 03: two 5x5 convolutions (pad 2, stride 1) of a batch of 64 MNIST images.
CONV_BATCH = 64
CONV_LAYERS = [((28, 28, 1), (5, 5, 1, 8)), ((14, 14, 8), (5, 5, 8, 16))]  # (H, W, C) in, (kh, kw, C, F)
CONV_PAD = 2
# Lesson 03's speed demonstration: the first convolution of 16 images, naive loops against im2col.
NAIVE_IMAGES = 16
# Lesson 04: an LSTM reading MNIST row by row: T = 28 steps of D = 28 pixels, H = 128, batch 128.
LSTM_SHAPE = {"N": 128, "T": 28, "D": 28, "H": 128}
# Lesson 05: an RBM of 784 visible and 500 hidden units, CD-1, batches of 100.
RBM_SHAPE = {"D": 784, "H": 500, "batch": 100}
RBM_LR, RBM_MOMENTUM = 0.1, 0.5
# Matrix products of the lessons, (m, k, n), and a large one that shows the machine's limit.
MATMUL_SHAPES = [(100, 784, 200),       # lesson 02, first dense layer
                 (12544, 200, 16),      # lesson 03, second convolution as im2col (64 * 14 * 14 rows)
                 (128, 128, 512),       # lesson 04, the LSTM's recurrent product h @ Wh
                 (100, 784, 500),       # lesson 05, RBM hidden units of a batch
                 (1024, 1024, 1024)]    # large: the BLAS at its best


def matmul_flops(m, k, n):
    """Floating-point operations of an (m, k) @ (k, n) product: 2 m k n."""
    return 2 * m * k * n


def matmul_workload(m, k, n, rng):
    """One float32 (m, k) @ (k, n) product."""
    a = rng.random((m, k), dtype=np.float32)
    b = rng.random((k, n), dtype=np.float32)
    return (lambda: a @ b), matmul_flops(m, k, n)


def mlp_flops(layers=MLP_LAYERS, batch=MLP_BATCH):
    """One training step: forward X W per layer, backward dW per layer and dX for every layer but the first."""
    products = sum(matmul_flops(batch, d_in, d_out) for d_in, d_out in zip(layers[:-1], layers[1:]))
    return 3 * products - matmul_flops(batch, layers[0], layers[1])


def mlp_workload(rng):
    """One step of lesson 02's training: mlp_forward with dropout, the loss, mlp_backward, adam_step."""
    params = {k: v.astype(np.float32) for k, v in nn.init_params(MLP_LAYERS, rng).items()}
    state = nn.adam_init(params)
    X = rng.random((MLP_BATCH, MLP_LAYERS[0]), dtype=np.float32)
    Y = np.eye(MLP_LAYERS[-1], dtype=np.float32)[rng.integers(0, MLP_LAYERS[-1], MLP_BATCH)]

    def step():
        logits, caches = nn.mlp_forward(X, params, "relu", MLP_KEEP, rng, training=True)
        _, dlogits = nn.softmax_cross_entropy(logits, Y)
        nn.adam_step(params, nn.mlp_backward(dlogits, caches, "relu", MLP_KEEP), state, 1e-3)

    return step, mlp_flops()


def conv_layer_flops(batch, in_shape, kernel, pad):
    """Forward flops of one convolution, stride 1: 2 N H_out W_out kh kw C F."""
    h, w, _ = in_shape
    kh, kw, c, f = kernel
    oh, ow = conv.conv_output_size(h, kh, 1, pad), conv.conv_output_size(w, kw, 1, pad)
    return matmul_flops(batch * oh * ow, kh * kw * c, f)


def conv_flops():
    """Forward and backward (dX, dW) of lesson 03's two convolutions: 3x the forward products."""
    return 3 * sum(conv_layer_flops(CONV_BATCH, s, k, CONV_PAD) for s, k in CONV_LAYERS)


def conv_inputs(rng):
    """[(X, W, b, dout)] float32 for each of lesson 03's convolutions."""
    layers = []
    for (h, w, c), kernel in CONV_LAYERS:
        X = rng.random((CONV_BATCH, h, w, c), dtype=np.float32)
        W = rng.standard_normal(kernel, dtype=np.float32) * 0.1
        b = np.zeros(kernel[3], np.float32)
        dout = rng.standard_normal((CONV_BATCH, h, w, kernel[3]), dtype=np.float32)  # 'same' size: pad 2
        layers.append((X, W, b, dout))
    return layers


def conv_workload(rng):
    """conv2d_forward then conv2d_backward (im2col / col2im) of both of lesson 03's convolutions."""
    layers = conv_inputs(rng)

    def step():
        for X, W, b, dout in layers:
            _, cache = conv.conv2d_forward(X, W, b, 1, CONV_PAD)
            conv.conv2d_backward(dout, cache)

    return step, conv_flops()


def conv2d_loops(X, W, b, stride, pad):
    """The baseline of lesson 03's speed demonstration: a convolution as explicit Python loops.

    X: (N, H, W, C); W: (kh, kw, C, F); b: (F,). Returns (N, H_out, W_out, F), one window and one
    kernel at a time, as a learner writes it first.
    """
    n, h, w, c = X.shape
    kh, kw, _, f = W.shape
    oh, ow = conv.conv_output_size(h, kh, stride, pad), conv.conv_output_size(w, kw, stride, pad)
    Xp = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    out = np.zeros((n, oh, ow, f), dtype=X.dtype)
    for i in range(n):
        for y in range(oh):
            for x in range(ow):
                window = Xp[i, y * stride:y * stride + kh, x * stride:x * stride + kw, :]
                for k in range(f):
                    out[i, y, x, k] = np.sum(window * W[:, :, :, k]) + b[k]
    return out


def naive_conv_workloads(rng, images=NAIVE_IMAGES):
    """(im2col step, loops step, flops): the first convolution of lesson 03 on ``images`` images."""
    (h, w, c), kernel = CONV_LAYERS[0]
    X = rng.random((images, h, w, c), dtype=np.float32)
    W = rng.standard_normal(kernel, dtype=np.float32) * 0.1
    b = np.zeros(kernel[3], np.float32)
    return (lambda: conv.conv2d_forward(X, W, b, 1, CONV_PAD)), (lambda: conv2d_loops(X, W, b, 1, CONV_PAD)), \
        conv_layer_flops(images, (h, w, c), kernel, CONV_PAD)


def lstm_flops(N=LSTM_SHAPE["N"], T=LSTM_SHAPE["T"], D=LSTM_SHAPE["D"], H=LSTM_SHAPE["H"]):
    """Forward [x h] @ [Wx; Wh] per step, backward dW and d[x h]: 3x the forward products."""
    return 3 * T * matmul_flops(N, D + H, 4 * H)


def lstm_inputs(rng):
    """X (N, T, D), h0 (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,), dH (N, T, H), float32."""
    N, T, D, H = (LSTM_SHAPE[k] for k in "NTDH")
    return (rng.random((N, T, D), dtype=np.float32), np.zeros((N, H), np.float32),
            rng.standard_normal((D, 4 * H), dtype=np.float32) / np.float32(np.sqrt(D)),
            rng.standard_normal((H, 4 * H), dtype=np.float32) / np.float32(np.sqrt(H)),
            np.zeros(4 * H, np.float32), rng.standard_normal((N, T, H), dtype=np.float32))


def lstm_workload(rng):
    """lstm_forward then lstm_backward (through time) of lesson 04's MNIST row reader."""
    X, h0, Wx, Wh, b, dH = lstm_inputs(rng)

    def step():
        _, cache = rnn.lstm_forward(X, h0, Wx, Wh, b)
        rnn.lstm_backward(dH, cache)

    return step, lstm_flops()


def rbm_flops(images, D=RBM_SHAPE["D"], H=RBM_SHAPE["H"]):
    """CD-1 per image: v0 W, h W^T, v1 W, and the statistics v0^T p(h|v0), v1^T p(h|v1): 5 products."""
    return 5 * matmul_flops(images, D, H)


def rbm_data(rng, images):
    """Training images (images, D), float32 in [0, 1)."""
    return rng.random((images, RBM_SHAPE["D"]), dtype=np.float32)


def rbm_workload(rng, images):
    """One epoch of lesson 05's RBM training: cd_k with k = 1 on each batch, then a momentum step."""
    data = rbm_data(rng, images)
    D, H, batch = RBM_SHAPE["D"], RBM_SHAPE["H"], RBM_SHAPE["batch"]
    params = [0.01 * rng.standard_normal((D, H), dtype=np.float32), np.zeros(D, np.float32), np.zeros(H, np.float32)]
    velocity = [np.zeros_like(p) for p in params]

    def epoch():
        for start in range(0, images, batch):
            grads = rbm.cd_k(data[start:start + batch], *params, 1, rng)
            for p, v, g in zip(params, velocity, grads):
                v *= RBM_MOMENTUM
                v += RBM_LR * g
                p += v

    return epoch, rbm_flops(images)
