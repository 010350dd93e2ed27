"""OpenBLAS sgemm on the matrix products of the 784-256-128-10 workload, timed like nnj's GemmProbe.

usage: /usr/bin/python3 scripts/openblas_gemm.py LIBOPENBLAS THREADS BATCH[,BATCH...]

Same shapes and transposes as nn-benchmarks' Shape (row-major; weights stored [out x in]), the same
protocol as GemmProbe: 0.3 s of warm-up per shape, then 300 samples of about 2 MFLOP each, best and median.
Calls cblas_sgemm through ctypes (no numpy); it prints what a 1 x 1 x 1 call costs, which every figure
includes (about 1.5 us here: up to 15% of the products with a side of 10).
"""
import ctypes
import random
import sys
import time

SHAPES = [  # name, transA, transB, m, n, k; -1 stands for the batch size
    ("FWD1", False, True, -1, 256, 784), ("FWD2", False, True, -1, 128, 256), ("FWD3", False, True, -1, 10, 128),
    ("WGRAD1", True, False, 256, 784, -1), ("WGRAD2", True, False, 128, 256, -1),
    ("WGRAD3", True, False, 10, 128, -1),
    ("XGRAD2", False, False, -1, 256, 128), ("XGRAD3", False, False, -1, 128, 10),
]
ROW_MAJOR, NO_TRANS, TRANS = 101, 111, 112


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    lib = ctypes.CDLL(sys.argv[1])
    threads = int(sys.argv[2])
    batches = [int(b) for b in sys.argv[3].split(",")]
    lib.openblas_set_num_threads(threads)
    lib.openblas_get_config.restype = ctypes.c_char_p
    i, f, p = ctypes.c_int, ctypes.c_float, ctypes.c_void_p
    lib.cblas_sgemm.argtypes = [i, i, i, i, i, i, f, p, i, p, i, f, p, i]
    print(f"{lib.openblas_get_config().decode()} threads={threads}")
    # What every timed call carries besides the product: ctypes plus OpenBLAS's own entry (a 1 x 1 x 1 sgemm).
    one = (ctypes.c_float * 1)(1.0)
    tiny = (ROW_MAJOR, NO_TRANS, NO_TRANS, 1, 1, 1, 1.0, ctypes.addressof(one), 1, ctypes.addressof(one), 1, 0.0,
            ctypes.addressof(one), 1)
    calls = 100_000
    t0 = time.perf_counter_ns()
    for _ in range(calls):
        lib.cblas_sgemm(*tiny)
    print(f"a 1 x 1 x 1 call costs {(time.perf_counter_ns() - t0) / 1e3 / calls:.2f} us (ctypes and entry),"
          " included in every figure below")
    rnd = random.Random(1)
    for batch in batches:
        for name, ta, tb, m, n, k in SHAPES:
            m, n, k = (batch if v < 0 else v for v in (m, n, k))
            a = (ctypes.c_float * (m * k))(*(rnd.uniform(-1, 1) for _ in range(m * k)))
            b = (ctypes.c_float * (k * n))(*(rnd.uniform(-1, 1) for _ in range(k * n)))
            c = (ctypes.c_float * (m * n))()
            args = (ROW_MAJOR, TRANS if ta else NO_TRANS, TRANS if tb else NO_TRANS, m, n, k, 1.0,
                    ctypes.addressof(a), m if ta else k, ctypes.addressof(b), k if tb else n, 0.0,
                    ctypes.addressof(c), n)
            flops = 2.0 * m * n * k
            reps = max(1, int(2e6 / flops))
            end = time.perf_counter() + 0.3
            while time.perf_counter() < end:
                lib.cblas_sgemm(*args)
            samples = []
            for _ in range(300):
                t0 = time.perf_counter_ns()
                for _ in range(reps):
                    lib.cblas_sgemm(*args)
                samples.append(time.perf_counter_ns() - t0)
            samples.sort()
            print(f"{name:<7} batch={batch:<4d} m={m:<4d} n={n:<4d} k={k:<4d} best {flops * reps / samples[0]:6.1f}  "
                  f"median {flops * reps / samples[150]:6.1f} GFLOPS  (median {samples[150] / 1e3 / reps:.1f} us/call)")


if __name__ == "__main__":
    main()
