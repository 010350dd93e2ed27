#!/usr/bin/env python3
"""Writes an nnj model file with only the standard library, from the format documented in README.md ("Model files")
(nn-io's ModelFile and Safetensors javadoc say the same): a 2-3-2 tanh/softmax classifier with fixed float64
weights. nnj's test ModelFromPythonTest loads it and checks every weight and a prediction.
Usage: write_model.py OUT.safetensors"""
import hashlib, json, struct, sys

SPEC = {"name": "from-python", "input": 2, "precision": "float64", "seed": 1,
        "layers": [{"type": "dense", "units": 3, "activation": "tanh"},
                   {"type": "dense", "units": 2, "activation": "softmax"}],
        "loss": "categorical_crossentropy"}
# name -> rows of the tensor: weights are [units, inputs], biases [1, units]
TENSORS = {"layers.0.weight": [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]],
           "layers.0.bias": [[0.01, 0.02, 0.03]],
           "layers.1.weight": [[0.7, -0.8, 0.9], [-1.0, 1.1, -1.2]],
           "layers.1.bias": [[0.0, 0.5]]}

def u64(v):
    return struct.pack("<Q", v)

def s(text):
    b = text.encode("utf-8")
    return u64(len(b)) + b

def write(path):
    meta = {"format": "nnj-model", "format_version": "1", "spec": json.dumps(SPEC),
            "classes": json.dumps(["left", "right"]), "features": json.dumps(["x", "y"])}
    entries, data = {}, b""
    for name, rows in TENSORS.items():
        raw = b"".join(struct.pack("<d", v) for row in rows for v in row)  # F64, little-endian, row-major
        entries[name] = {"dtype": "F64", "shape": [len(rows), len(rows[0])],
                         "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    h = hashlib.sha256(b"nnj-checksum-1")
    keys = sorted(meta, key=lambda k: k.encode("utf-8"))
    h.update(u64(len(keys)) + b"".join(s(k) + s(meta[k]) for k in keys))
    h.update(u64(len(entries)))
    for name in sorted(entries, key=lambda k: k.encode("utf-8")):
        e = entries[name]
        h.update(s(name) + s(e["dtype"]) + b"".join(u64(v) for v in e["shape"] + e["data_offsets"]))
    h.update(u64(len(data)) + data)
    meta["checksum"] = h.hexdigest()
    header = json.dumps(dict({"__metadata__": meta}, **entries), separators=(",", ":")).encode("utf-8")
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as f:
        f.write(u64(len(header)) + header + data)

if __name__ == "__main__":
    write(sys.argv[1])
