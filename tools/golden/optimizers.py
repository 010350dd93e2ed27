#!/usr/bin/env python3
"""Golden trajectories for nnj's optimizers and learning-rate schedules, produced by PyTorch.

Run from the repository root with Debian's python3-torch (PyTorch 1.13):

    /usr/bin/python3 tools/golden/optimizers.py

It writes nn-optimizers/src/test/resources/golden/optimizers.json and schedules.json. The Java tests
(GoldenOptimizerTest, GoldenScheduleTest) replay the same problem in float64 and must match every value to
1e-9 relative. Nothing here runs in CI: the fixtures do.

The problem: linear least squares with 2 outputs, 3 inputs and 4 samples, in float64,
    loss(W, b) = 1/(2N) * sum_n || W x_n + b - y_n ||^2,
whose gradient is dW = 1/N sum_n r_n x_n^T, db = 1/N sum_n r_n with r_n = W x_n + b - y_n. The parameter
vector is [W row-major, b] (8 values), as one flat tensor (one parameter group), which is how nnj hands
its optimizers all of a network's parameters. The gradient is computed here by autograd; the Java test
computes it analytically.

Parameter names in the fixture are nnj's (lr, momentum, beta1, ...); TORCH_ARGS maps them to PyTorch's.
Every float is written with repr(), i.e. the shortest string that reads back as the same double.
"""
import json
import warnings
import math
import os
import sys

import torch

STEPS = 10
X = [[0.5, -1.2, 2.0], [1.5, 0.3, -0.7], [-0.8, 2.2, 0.1], [0.05, -0.4, -1.6]]
Y = [[1.0, -0.5], [0.25, 2.0], [-1.5, 0.75], [0.6, 0.0]]
W0 = [0.3, -0.2, 0.1, -0.4, 0.25, 0.05, 0.15, -0.35]  # W (2 x 3) row-major, then b (2)

OPTIMIZERS = [
    ("sgd", {"lr": 0.1}),
    ("sgd", {"lr": 0.1, "momentum": 0.9}),
    ("sgd", {"lr": 0.1, "momentum": 0.9, "dampening": 0.3}),
    ("sgd", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("sgd", {"lr": 0.1, "weight_decay": 0.05}),
    ("sgd", {"lr": 0.1, "momentum": 0.5, "nesterov": True, "weight_decay": 0.1}),
    ("adagrad", {"lr": 0.1}),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.02, "initial_accumulator_value": 0.1,
                 "eps": 1e-6}),
    ("rmsprop", {"lr": 0.01}),
    ("rmsprop", {"lr": 0.01, "momentum": 0.9}),
    ("rmsprop", {"lr": 0.01, "centered": True}),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9, "centered": True, "momentum": 0.5, "weight_decay": 0.1}),
    ("adam", {}),
    ("adam", {"lr": 0.05}),
    ("adam", {"lr": 0.05, "weight_decay": 0.1}),
    ("adam", {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "amsgrad": True}),
    ("adamw", {}),
    ("adamw", {"lr": 0.05}),
    ("adamw", {"lr": 0.05, "weight_decay": 0.2, "amsgrad": True}),
]

# An optimizer stepped with a schedule (one step per epoch), to check that the rate the updater is given is
# the one it uses, including in AdamW's decoupled decay.
SCHEDULED = [
    ("adamw", {"lr": 0.05, "weight_decay": 0.2}, "exponential", {"gamma": 0.8}),
    ("sgd", {"lr": 0.1, "momentum": 0.9}, "step", {"step_size": 3, "gamma": 0.5}),
]

SCHEDULE_EPOCHS = 16
SCHEDULE_BASE_LR = 0.1
SCHEDULES = [
    ("step", {"step_size": 3, "gamma": 0.5}),
    ("step", {"step_size": 1, "gamma": 0.9}),
    ("exponential", {"gamma": 0.9}),
    ("cosine", {"t_max": 10, "eta_min": 0.001}),  # runs past t_max: the cosine comes back up
    ("cosine", {"t_max": 16, "eta_min": 0.0}),
    ("warmup", {"start_factor": 0.25, "warmup": 4}),
    ("warmup", {"start_factor": 0.1, "warmup": 5, "then": "cosine", "eta_min": 0.002}),
]


def torch_optimizer(name, params, p):
    kw = dict(params)
    if name in ("adam", "adamw"):
        kw["betas"] = (kw.pop("beta1", 0.9), kw.pop("beta2", 0.999))
    cls = {"sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad, "rmsprop": torch.optim.RMSprop,
           "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[name]
    if name == "sgd" and "lr" not in kw:
        kw["lr"] = 0.01
    # foreach=False: the single-tensor code path, the one whose formulas the nnj javadoc quotes.
    return cls([p], foreach=False, **kw)


def torch_schedule(name, params, opt, epochs):
    s = torch.optim.lr_scheduler
    if name == "step":
        return s.StepLR(opt, step_size=params["step_size"], gamma=params["gamma"])
    if name == "exponential":
        return s.ExponentialLR(opt, gamma=params["gamma"])
    if name == "cosine":
        return s.CosineAnnealingLR(opt, T_max=params["t_max"], eta_min=params["eta_min"])
    if name == "warmup":
        warm = s.LinearLR(opt, start_factor=params["start_factor"], end_factor=1.0,
                          total_iters=params["warmup"])
        if params.get("then", "constant") == "constant":
            return warm
        cos = s.CosineAnnealingLR(opt, T_max=epochs - params["warmup"], eta_min=params["eta_min"])
        return s.SequentialLR(opt, [warm, cos], milestones=[params["warmup"]])
    raise ValueError(name)


def loss_of(p, x, y):
    w = p[:6].reshape(2, 3)
    b = p[6:]
    r = x @ w.T + b - y
    return 0.5 * (r * r).sum() / x.shape[0]


def run_optimizer(name, params, lrs=None):
    x = torch.tensor(X, dtype=torch.float64)
    y = torch.tensor(Y, dtype=torch.float64)
    p = torch.tensor(W0, dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(name, params, p)
    trajectory = []
    for step in range(STEPS):
        if lrs is not None:
            opt.param_groups[0]["lr"] = lrs[step]
        opt.zero_grad()
        loss_of(p, x, y).backward()
        opt.step()
        trajectory.append([float(v) for v in p.detach()])
    return trajectory


def run_schedule(name, params, epochs, base_lr):
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base_lr)
    sched = torch_schedule(name, params, opt, epochs)
    lrs = []
    for _ in range(epochs):
        lrs.append(float(opt.param_groups[0]["lr"]))
        opt.step()
        sched.step()
    return lrs


def main():
    # SequentialLR calls step(0) internally, which triggers a deprecation warning about the epoch argument.
    warnings.filterwarnings("ignore", message="The epoch parameter")
    torch.set_default_dtype(torch.float64)
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    out = os.path.join(root, "nn-optimizers", "src", "test", "resources", "golden")
    os.makedirs(out, exist_ok=True)
    provenance = {"produced_by": "tools/golden/optimizers.py", "torch_version": torch.__version__,
                  "python_version": sys.version.split()[0]}

    cases = [{"optimizer": n, "params": p, "trajectory": run_optimizer(n, p)} for n, p in OPTIMIZERS]
    for n, p, sname, sparams in SCHEDULED:
        lrs = run_schedule(sname, sparams, STEPS, p["lr"])
        cases.append({"optimizer": n, "params": p, "schedule": sname, "schedule_params": sparams,
                      "lr_per_step": lrs, "trajectory": run_optimizer(n, p, lrs)})
    problem = {"x": X, "y": Y, "w0": W0, "steps": STEPS,
               "loss": "1/(2N) sum_n ||W x_n + b - y_n||^2, params = [W (2x3) row-major, b (2)]"}
    with open(os.path.join(out, "optimizers.json"), "w") as f:
        json.dump({**provenance, "problem": problem, "cases": cases}, f, indent=1)
        f.write("\n")

    schedules = [{"schedule": n, "params": p, "base_lr": SCHEDULE_BASE_LR, "epochs": SCHEDULE_EPOCHS,
                  "lr_per_epoch": run_schedule(n, p, SCHEDULE_EPOCHS, SCHEDULE_BASE_LR)} for n, p in SCHEDULES]
    with open(os.path.join(out, "schedules.json"), "w") as f:
        json.dump({**provenance, "cases": schedules}, f, indent=1)
        f.write("\n")
    print("wrote", len(cases), "optimizer and", len(schedules), "schedule cases to", out)


if __name__ == "__main__":
    main()
