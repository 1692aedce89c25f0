#!/usr/bin/env python3
"""Writes src/test/resources/embed/golden-3x5.npy and golden-0x768.npy with numpy.save, the reference for
NpyFormatTest (header bytes and the little-endian float32 payload). Values: row r, column c = r - c / 8 + 0.1
as float32, plus two awkward ones (-0.0 and a subnormal). Run: python3 tools/embed/make_npy_golden.py"""
import os
import numpy as np

out = os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "resources", "embed")
a = np.array([[r - c / 8 + 0.1 for c in range(5)] for r in range(3)], dtype="<f4")
a[1, 2] = -0.0
a[2, 4] = np.float32(1e-40)
np.save(os.path.join(out, "golden-3x5.npy"), a)
np.save(os.path.join(out, "golden-0x768.npy"), np.zeros((0, 768), dtype="<f4"))
print("numpy", np.__version__)
