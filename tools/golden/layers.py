#!/usr/bin/env python3
"""Golden forward and backward passes of nnj's image and normalization layers, produced by PyTorch.

Run from the repository root with Debian's python3-torch (PyTorch 1.13):

    /usr/bin/python3 tools/golden/layers.py

It writes nn-layers/src/test/resources/golden/layers.json. GoldenLayersTest (nn-layers) builds each layer in
float64 with the same parameters and input and must match the output, the input gradient and every parameter
gradient (and, for batch norm, the running statistics after the pass) to 1e-10 relative. Nothing here runs in
CI: the fixture does.

Each case: a layer by nnj name and parameters, the per-sample input shape (channels, height, width, or a flat
width), a batch of random inputs x (rows x values, channel-major: PyTorch's NCHW flattened per sample), the
parameter tensors in nnj's layout (conv2d's weight is PyTorch's (out, in, kh, kw) flattened, bias (out,);
batch and layer norm's weight and bias as PyTorch holds them), a random upstream gradient g, and what PyTorch
computes for the loss L = sum(g * y): y, dL/dx and dL/d(each parameter), by autograd in float64, from
torch.nn.functional (conv2d, max_pool2d, avg_pool2d, adaptive_avg_pool2d, batch_norm in training and eval
mode, layer_norm). Sizes are odd, strides 1 and 2, with padding and dilation, square and per axis
(kernel_size, stride, padding, dilation as [height, width]: rectangular kernels, a different stride on each
axis); three max pooling cases take whole numbers from -2 to 2 so that windows tie. Every float is written
with repr(), the shortest string that reads back as the same double.
"""
import json
import os
import platform

import torch
import torch.nn.functional as F

OUT = 'nn-layers/src/test/resources/golden/layers.json'
gen = torch.Generator().manual_seed(20261205)


def rand(*shape, scale=1.0):
    return (torch.randn(*shape, generator=gen, dtype=torch.float64) * scale)


def pair(v):
    """A size as nnj's spec says it: one number for both axes, or [height, width] from a tuple."""
    return list(v) if isinstance(v, tuple) else v


def ties(*shape):
    """Random whole numbers from -2 to 2: most windows hold their maximum more than once."""
    return torch.randint(-2, 3, shape, generator=gen).to(torch.float64)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def conv_case(rows, c, h, w, filters, k, stride=1, padding=0, dilation=1, bias=True):
    kh, kw = k if isinstance(k, tuple) else (k, k)
    x = rand(rows, c, h, w).requires_grad_()
    weight = rand(filters, c, kh, kw, scale=0.5).requires_grad_()
    b = rand(filters, scale=0.5).requires_grad_() if bias else None
    y = F.conv2d(x, weight, b, stride=stride, padding=padding, dilation=dilation)
    g = rand(*y.shape)
    (y * g).sum().backward()
    params = {'filters': filters, 'kernel_size': pair(k), 'stride': pair(stride), 'padding': pair(padding),
              'dilation': pair(dilation), 'use_bias': bias}
    tensors = {'weight': (weight, weight.grad)}
    if bias:
        tensors['bias'] = (b, b.grad)
    return case('conv2d', params, [c, h, w], x, y, g, tensors)


def max_pool_case(rows, c, h, w, k, stride=None, padding=0, dilation=1, drop=False, tied=False):
    x = (ties(rows, c, h, w) if tied else rand(rows, c, h, w)).requires_grad_()
    y = F.max_pool2d(x, k, stride=stride, padding=padding, dilation=dilation)
    g = rand(*y.shape)
    (y * g).sum().backward()
    params = {'kernel_size': pair(k), 'padding': pair(padding), 'dilation': pair(dilation), 'drop_remainder': drop}
    if stride is not None:
        params['stride'] = pair(stride)
    return case('max_pool2d', params, [c, h, w], x, y, g, {})


def avg_pool_case(rows, c, h, w, k, stride=None, padding=0, count_include_pad=True, drop=False):
    x = rand(rows, c, h, w).requires_grad_()
    y = F.avg_pool2d(x, k, stride=stride, padding=padding, count_include_pad=count_include_pad)
    g = rand(*y.shape)
    (y * g).sum().backward()
    params = {'kernel_size': pair(k), 'padding': pair(padding), 'count_include_pad': count_include_pad,
              'drop_remainder': drop}
    if stride is not None:
        params['stride'] = pair(stride)
    return case('avg_pool2d', params, [c, h, w], x, y, g, {})


def global_avg_pool_case(rows, c, h, w):
    x = rand(rows, c, h, w).requires_grad_()
    y = F.adaptive_avg_pool2d(x, 1).flatten(1)
    g = rand(*y.shape)
    (y * g).sum().backward()
    return case('global_avg_pool2d', {}, [c, h, w], x, y, g, {})


def batch_norm_case(rows, shape, training, momentum=0.1, eps=1e-5, affine=True):
    x = rand(rows, *shape).requires_grad_()
    channels = shape[0]
    running_mean = rand(channels, scale=0.5)
    running_var = torch.rand(channels, generator=gen, dtype=torch.float64) + 0.5
    before = (running_mean.clone(), running_var.clone())
    weight = rand(channels, scale=0.5).add(1.0).requires_grad_() if affine else None
    bias = rand(channels, scale=0.5).requires_grad_() if affine else None
    y = F.batch_norm(x, running_mean, running_var, weight, bias, training=training, momentum=momentum, eps=eps)
    g = rand(*y.shape)
    (y * g).sum().backward()
    tensors = {'weight': (weight, weight.grad), 'bias': (bias, bias.grad)} if affine else {}
    c = case('batch_norm', {'momentum': momentum, 'eps': eps, 'affine': affine}, list(shape), x, y, g, tensors)
    c['training'] = training
    c['buffers'] = {'running_mean': flat(before[0]), 'running_var': flat(before[1])}
    c['buffers_after'] = {'running_mean': flat(running_mean), 'running_var': flat(running_var)}
    return c


def layer_norm_case(rows, shape, eps=1e-5, affine=True):
    x = rand(rows, *shape).requires_grad_()
    weight = rand(*shape, scale=0.5).add(1.0).requires_grad_() if affine else None
    bias = rand(*shape, scale=0.5).requires_grad_() if affine else None
    y = F.layer_norm(x, list(shape), weight, bias, eps=eps)
    g = rand(*y.shape)
    (y * g).sum().backward()
    tensors = {'weight': (weight, weight.grad), 'bias': (bias, bias.grad)} if affine else {}
    return case('layer_norm', {'eps': eps, 'elementwise_affine': affine}, list(shape), x, y, g, tensors)


def case(layer, params, shape, x, y, g, tensors):
    return {
        'layer': layer, 'params': params, 'input_shape': shape, 'rows': x.shape[0],
        'x': flat(x), 'g': flat(g), 'y': flat(y), 'dx': flat(x.grad),
        'parameters': {name: flat(v) for name, (v, _) in tensors.items()},
        'gradients': {name: flat(d) for name, (_, d) in tensors.items()},
    }


def main():
    torch.set_num_threads(1)
    cases = [
        conv_case(3, 2, 5, 7, 3, 3, padding=1),
        conv_case(2, 3, 7, 6, 2, 2, stride=2, bias=False),
        conv_case(2, 1, 9, 8, 4, 3, stride=2, padding=2, dilation=2),
        conv_case(2, 2, 6, 5, 2, 4, padding='same'),
        conv_case(3, 2, 7, 7, 3, 3, padding='same', dilation=2),
        conv_case(2, 3, 5, 5, 5, 1),
        max_pool_case(3, 2, 5, 7, 3, stride=2),
        max_pool_case(2, 3, 7, 7, 2, drop=True),
        max_pool_case(2, 2, 6, 9, 3, stride=2, padding=1, drop=True),
        max_pool_case(2, 1, 9, 8, 2, stride=1, padding=1, dilation=2),
        avg_pool_case(3, 2, 5, 7, 3, stride=2, padding=1),
        avg_pool_case(3, 2, 5, 7, 3, stride=2, padding=1, count_include_pad=False),
        avg_pool_case(2, 3, 7, 6, 2, drop=True),
        avg_pool_case(2, 1, 9, 9, 3, stride=1),
        global_avg_pool_case(3, 4, 5, 7),
        batch_norm_case(6, [4], training=True),
        batch_norm_case(4, [3, 5, 7], training=True, momentum=0.3, eps=1e-3),
        batch_norm_case(5, [4], training=False),
        batch_norm_case(3, [3, 5, 7], training=False, eps=1e-3),
        batch_norm_case(4, [2, 3, 5], training=True, affine=False),
        layer_norm_case(5, [7]),
        layer_norm_case(3, [2, 3, 5]),
        layer_norm_case(4, [6], eps=1e-3, affine=False),
        # Per axis: rectangular kernels, a stride, padding and dilation of their own on each axis ([h, w]).
        conv_case(2, 2, 7, 9, 3, (3, 5), stride=(1, 2), padding=(1, 2)),
        conv_case(2, 3, 8, 7, 2, (2, 3), stride=(2, 1), padding=(0, 1), dilation=(2, 1), bias=False),
        conv_case(2, 2, 9, 7, 2, (3, 2), padding='same', dilation=(1, 2)),
        conv_case(3, 1, 11, 6, 3, (5, 1), stride=(2, 1), padding=(2, 0)),
        conv_case(2, 2, 6, 9, 2, (1, 4), stride=(1, 2), dilation=(1, 2)),
        conv_case(2, 2, 5, 8, 2, 3, stride=(2, 1), padding=(1, 0)),
        max_pool_case(2, 2, 7, 9, (3, 2), stride=(2, 1), padding=(1, 0)),
        max_pool_case(2, 3, 8, 11, (2, 3), stride=2, padding=(0, 1), dilation=(1, 2)),
        max_pool_case(2, 1, 9, 6, (1, 3)),
        max_pool_case(3, 2, 7, 5, 1, stride=2),
        max_pool_case(2, 2, 7, 10, (3, 4), stride=(2, 3), padding=(1, 2), drop=True),
        avg_pool_case(2, 2, 7, 9, (3, 2), stride=(2, 1), padding=1),
        avg_pool_case(2, 2, 7, 9, (3, 2), stride=(2, 1), padding=1, count_include_pad=False),
        avg_pool_case(2, 3, 6, 11, (2, 5), stride=(1, 3), padding=(0, 2), drop=True),
        avg_pool_case(2, 2, 5, 5, 3, stride=(2, 1)),
        # Ties: whole numbers from -2 to 2, so most windows have their maximum twice or more; PyTorch's gradient
        # goes to the first maximal value in row-major window order.
        max_pool_case(2, 2, 6, 6, 2, tied=True),
        max_pool_case(2, 2, 7, 9, (3, 2), stride=(2, 1), padding=(1, 0), tied=True),
        max_pool_case(2, 1, 7, 7, 3, stride=1, padding=1, dilation=2, drop=True, tied=True),
    ]
    doc = {
        'generated_by': 'tools/golden/layers.py',
        'torch_version': torch.__version__,
        'python_version': platform.python_version(),
        'loss': 'L = sum(g * y); dx and the parameter gradients are dL/dx and dL/dparameter',
        'cases': cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')
    print(f'wrote {OUT}: {len(cases)} cases')


if __name__ == '__main__':
    main()
