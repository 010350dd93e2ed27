#!/usr/bin/env python3
"""Reads an nnj model or checkpoint (safetensors) with only the standard library and numpy, verifies its checksum,
and prints its metadata and tensors. Usage: read_model.py FILE"""
import hashlib, json, struct, sys
import numpy as np

def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    meta, data = header.pop("__metadata__"), blob[8 + n:]
    tensors = {name: np.frombuffer(data[e["data_offsets"][0]:e["data_offsets"][1]],
                                   dtype={"F32": "<f4", "F64": "<f8"}[e["dtype"]]).reshape(e["shape"])
               for name, e in header.items()}
    u64, s = (lambda v: struct.pack("<Q", v)), (lambda t: struct.pack("<Q", len(t.encode())) + t.encode())
    h = hashlib.sha256(b"nnj-checksum-1")
    keys = sorted((k for k in meta if k != "checksum"), key=lambda k: k.encode())
    h.update(u64(len(keys)) + b"".join(s(k) + s(meta[k]) for k in keys) + u64(len(header)))
    for name in sorted(header, key=lambda k: k.encode()):
        e = header[name]
        h.update(s(name) + s(e["dtype"]) + b"".join(u64(v) for v in e["shape"] + e["data_offsets"]))
    h.update(u64(len(data)) + data)
    assert h.hexdigest() == meta["checksum"], "checksum mismatch: the file is corrupt"
    return meta, tensors

if __name__ == "__main__":
    meta, tensors = read(sys.argv[1])
    print("format:", meta["format"], "version", meta["format_version"], "(checksum ok)")
    print("spec:", json.loads(meta["spec"])["name"], "classes:", meta.get("classes", "-"))
    for name, t in tensors.items():
        print(f"{name}: {t.dtype} {list(t.shape)} first values {t.ravel()[:3]}")
