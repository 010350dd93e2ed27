#!/usr/bin/python3
"""Trains small PyTorch MLPs and CNNs, exports them with torch.onnx.export and records PyTorch's outputs.

Writes nn-onnx/src/test/resources/torch/<name>.onnx and torch/golden.json: for each model its file, its input
shape (one sample), test rows (flattened, channel-major) and PyTorch's float32 outputs on them, and training rows
with targets for the fine-tuning test. nn-onnx's TorchImportTest imports each file and checks nnj's predictions
against these outputs to 1e-5. The CNNs are the network of shared/bench/torch_cnn.py made small (Conv, ReLU,
MaxPool, Flatten, Linear, Dropout) and variants with BatchNormalization (after a ReLU, where torch.onnx.export
keeps it as a node: right after a Conv it folds it into the Conv's weights), AveragePool, a global average pool,
a convolution without bias, a strided one, and a flatten written as x.reshape(-1, n) (a Reshape node); and a CNN
with windows per axis (PyTorch's tuples): rectangular kernels, strides, dilations and padding that differ between
height and width in Conv2d, MaxPool2d and AvgPool2d (a Pad node of different rows and columns in front of one).

Run from the repository root with Debian's PyTorch (apt-get install -y python3-torch):
    /usr/bin/python3 tools/golden/onnx_mlp.py
"""
import json, os, platform, re, sys

import numpy as np
import torch
from torch import nn

OUT = 'nn-onnx/src/test/resources/torch'


class MatMulMlp(nn.Module):
    """x @ W + b with explicit parameters: torch.onnx.export writes MatMul and Add, not Gemm."""

    def __init__(self, sizes, acts):
        super().__init__()
        self.w = nn.ParameterList([nn.Parameter(torch.randn(a, b) * (1.0 / a) ** 0.5) for a, b in zip(sizes, sizes[1:])])
        self.b = nn.ParameterList([nn.Parameter(torch.randn(b) * 0.1) for b in sizes[1:]])
        self.acts = nn.ModuleList(acts)

    def forward(self, x):
        for w, b, act in zip(self.w, self.b, self.acts):
            x = act(x @ w + b)
        return x


class ReshapeCnn(nn.Module):
    """A CNN that flattens with x.reshape(-1, n): torch.onnx.export writes Reshape with a constant shape."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 6, 3), nn.ReLU(), nn.BatchNorm2d(6), nn.AvgPool2d(2),
            nn.Conv2d(6, 8, 3, padding=1, bias=False), nn.Tanh(),
            nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False))
        self.classifier = nn.Sequential(nn.Linear(8 * 4 * 4, 16), nn.ReLU(), nn.BatchNorm1d(16), nn.Linear(16, 3),
                                        nn.Softmax(dim=1))

    def forward(self, x):
        return self.classifier(self.features(x).reshape(-1, 8 * 4 * 4))


def cnn_models():
    """(name, module, input shape (C, H, W), classes): trained on synthetic images, softmax outputs."""
    return [
        ('cnn_maxpool', nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(16 * 3 * 3, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 4), nn.Softmax(dim=1)),
         (1, 12, 12), 4),
        ('cnn_bn_avgpool', ReshapeCnn(), (3, 10, 10), 3),
        ('cnn_strided_global', nn.Sequential(
            nn.Conv2d(2, 6, 3, stride=2, padding=1), nn.ELU(), nn.BatchNorm2d(6),
            nn.MaxPool2d(3, stride=1, padding=1), nn.Conv2d(6, 8, 3, padding=1, dilation=2), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 3), nn.Softmax(dim=1)),
         (2, 11, 11), 3),
    ]


def per_axis_models():
    """Like cnn_models, with every window parameter given per axis, (height, width), the two different.

    Made after the others' training so that adding it left their files and numbers as they were."""
    return [
        ('cnn_per_axis', nn.Sequential(
            nn.Conv2d(2, 6, (3, 5), stride=(1, 2), padding=(1, 2), dilation=(2, 1)), nn.ReLU(),  # 6x11x9
            nn.MaxPool2d((2, 3), stride=(2, 1), padding=(1, 1), dilation=(1, 2)),  # 6x6x7, a row dropped
            nn.Conv2d(6, 8, (1, 3), padding=(0, 1), bias=False), nn.Tanh(),  # 8x6x7
            nn.AvgPool2d((3, 4), stride=(1, 2), padding=(1, 2)),  # a Pad of 1 row, 2 columns; 8x6x4
            nn.AvgPool2d((2, 3), stride=(2, 1), padding=(0, 1), count_include_pad=False),  # 8x3x4
            nn.Flatten(), nn.Linear(8 * 3 * 4, 3), nn.Softmax(dim=1)),
         (2, 13, 17), 3),
    ]


def images(rng, n, shape, k):
    """k classes of noisy images: each class a fixed random pattern, plus noise."""
    patterns = rng.normal(0, 1, size=(k,) + shape)
    y = rng.integers(0, k, size=n)
    x = patterns[y] + rng.normal(0, 1.0, size=(n,) + shape)
    x = np.clip(np.round(x * 8) / 8, -4, 4)  # eighths, as pixel values are levels: short and exact in the JSON
    return x.astype(np.float32), np.eye(k, dtype=np.float32)[y]


def blobs(rng, n, d, k):
    """k Gaussian blobs in d dimensions, raw scale (no standardisation): labels 0..k-1."""
    centres = rng.normal(0, 2.5, size=(k, d))
    y = rng.integers(0, k, size=n)
    x = centres[y] + rng.normal(0, 1.0, size=(n, d))
    return x.astype(np.float32), y


def models(rng):
    """(name, module, task, input width, classes or targets)."""
    return [
        ('relu_softmax', nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3), nn.Softmax(dim=1)),
         'classes', 4, 3),
        ('tanh_leaky_sigmoid', nn.Sequential(nn.Linear(6, 12), nn.Tanh(), nn.Linear(12, 8), nn.LeakyReLU(0.2),
                                             nn.Linear(8, 1), nn.Sigmoid()), 'binary', 6, 1),
        ('elu_selu_softplus', nn.Sequential(nn.Linear(5, 10), nn.ELU(0.5), nn.Dropout(0.2), nn.Linear(10, 10),
                                            nn.SELU(), nn.Linear(10, 10), nn.Softplus(), nn.Linear(10, 2)),
         'regression', 5, 2),
        ('matmul_add', MatMulMlp([3, 8, 4], [nn.Sigmoid(), nn.Softmax(dim=1)]), 'classes', 3, 4),
    ]


def data(rng, task, d, k, n):
    if task == 'regression':
        x = rng.normal(0, 1.5, size=(n, d)).astype(np.float32)
        w = rng.normal(0, 1, size=(d, k))
        y = (np.sin(x @ w) + 0.1 * rng.normal(size=(n, k))).astype(np.float32)
        return x, y
    x, labels = blobs(rng, n, d, 2 if task == 'binary' else k)
    if task == 'binary':
        return x, labels.reshape(-1, 1).astype(np.float32)
    return x, np.eye(k, dtype=np.float32)[labels]


def loss_fn(task, out, y):
    if task == 'classes':
        return -(y * torch.log(out.clamp_min(1e-7))).sum(1).mean()
    if task == 'binary':
        return nn.functional.binary_cross_entropy(out, y)
    return ((out - y) ** 2).mean()


def cnn(golden, rng, name, model, shape, k):
    """Trains a CNN briefly on synthetic images, exports it and records its outputs in golden."""
    x, y = images(rng, 160, shape, k)
    train_x, train_y, test_x = x[:128], y[:128], x[128:]
    opt = torch.optim.Adam(model.parameters(), 0.005)
    tx, ty = torch.from_numpy(train_x), torch.from_numpy(train_y)
    model.train()
    for epoch in range(3):  # short: the batch norms' running statistics move, fine-tuning has work left
        for i in range(0, 128, 16):
            opt.zero_grad()
            loss_fn('classes', model(tx[i:i + 16]), ty[i:i + 16]).backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        out = model(torch.from_numpy(test_x)).numpy()
    path = os.path.join(OUT, name + '.onnx')
    torch.onnx.export(model, torch.from_numpy(test_x[:2]), path, input_names=['input'], output_names=['output'],
                      dynamic_axes={'input': {0: 'N'}, 'output': {0: 'N'}}, opset_version=13)
    golden['models'].append({
        'file': name + '.onnx', 'task': 'classes', 'input_shape': list(shape),
        'test_x': [[float(v) for v in r.reshape(-1)] for r in test_x],
        'torch_output': [[float(v) for v in r] for r in out],
        'train_x': [[float(v) for v in r.reshape(-1)] for r in train_x],
        'train_y': [[float(v) for v in r] for r in train_y],
    })
    print(name, 'written', file=sys.stderr)


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    os.makedirs(OUT, exist_ok=True)
    golden = {'torch_version': torch.__version__, 'python_version': platform.python_version(),
              'opset': 13, 'tolerance': 1e-5, 'models': []}
    for name, model, task, d, k in models(rng):
        x, y = data(rng, task, d, k, 160)
        train_x, train_y, test_x = x[:120], y[:120], x[120:]
        opt = torch.optim.Adam(model.parameters(), 0.01)
        tx, ty = torch.from_numpy(train_x), torch.from_numpy(train_y)
        model.train()
        for epoch in range(15):  # deliberately short: fine-tuning in nnj must still lower the loss
            for i in range(0, 120, 16):
                opt.zero_grad()
                loss_fn(task, model(tx[i:i + 16]), ty[i:i + 16]).backward()
                opt.step()
        model.eval()
        with torch.no_grad():
            out = model(torch.from_numpy(test_x)).numpy()
        path = os.path.join(OUT, name + '.onnx')
        torch.onnx.export(model, torch.from_numpy(test_x[:1]), path, input_names=['input'], output_names=['output'],
                          dynamic_axes={'input': {0: 'N'}, 'output': {0: 'N'}}, opset_version=13)
        golden['models'].append({
            'file': name + '.onnx', 'task': task,
            'test_x': [[float(v) for v in r] for r in test_x],
            'torch_output': [[float(v) for v in r] for r in out],
            'train_x': [[float(v) for v in r] for r in train_x],
            'train_y': [[float(v) for v in r] for r in train_y],
        })
        print(name, 'written', file=sys.stderr)
    for name, model, shape, k in cnn_models():
        cnn(golden, rng, name, model, shape, k)
    for name, model, shape, k in per_axis_models():
        cnn(golden, rng, name, model, shape, k)
    text = json.dumps(golden, indent=1)
    # one line per row of numbers: the innermost lists collapsed
    text = re.sub(r'\[\s+([-+0-9.eE,\s]+?)\s+\]', lambda m: '[' + re.sub(r'\s+', '', m.group(1)) + ']', text)
    with open(os.path.join(OUT, 'golden.json'), 'w') as f:
        f.write(text + '\n')


if __name__ == '__main__':
    main()
