#!/usr/bin/env python3
"""Independent reference for the golden values in BatchIteratorTest and SplitsTest.

SplitMix64 + Fisher-Yates (from the last element down) with java.util.Random's rejection rule for
nextInt(bound), and SplitMix.derive for the stream of each epoch, exactly as documented in SplitMix,
BatchIterator and Splits. Run: python3 splitmix_reference.py
Prints: [4, 6, 2, 1, 3, 0, 7, 5]; test [2] [9], validation [3] [7]
"""
M = (1 << 64) - 1
G = 0x9E3779B97F4A7C15


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


def i32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


class SplitMix64:
    def __init__(self, seed):
        self.s = seed & M

    def next_long(self):
        self.s = (self.s + G) & M
        return mix(self.s)

    def next_int(self, bound):
        r = self.next_long() >> 33
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = r
        while True:
            r = u % bound
            if i32(u - r + m) >= 0:
                return r
            u = self.next_long() >> 33


def shuffle(a, rng):
    for i in range(len(a) - 1, 0, -1):
        j = rng.next_int(i + 1)
        a[i], a[j] = a[j], a[i]


def derive(seed, *labels):
    s = mix((seed ^ 0x5DEECE66D) & M)
    for l in labels:
        s = mix((s + G * (l + 1)) & M)
    return s


def permutation(n, seed, epoch):
    p = list(range(n))
    shuffle(p, SplitMix64(derive(seed, epoch)))
    return p


print(permutation(8, 42, 0))
rng = SplitMix64(42)
parts = []
for rows in ([0, 1, 2, 3, 4], [5, 6, 7, 8, 9]):  # classes 0 and 1; 0.2 test, 0.2 validation
    shuffle(rows, rng)
    parts.append((rows[:1], rows[1:2]))
print("test", parts[0][0], parts[1][0], "validation", parts[0][1], parts[1][1])
