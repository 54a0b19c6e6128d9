"""Writes the small NumPy fixtures of io.tal4j.io's tests. Run from this directory:
python3 make_fixtures.py   (NumPy >= 1.17; the files are checked in, the tests do not run this)"""
import numpy as np

arrays = {
    "f4": np.array([[1.5, -2.25, 3.0], [np.pi, -0.0, 1e-30]], dtype="<f4"),
    "f8": np.array([np.pi, -1e300, 5e-324], dtype="<f8"),
    "i8": np.array([-(2**63), 2**63 - 1, 0, 42], dtype="<i8"),
    "i4": np.arange(-3, 3, dtype="<i4").reshape(2, 3),
    "u1": np.array([0, 1, 127, 128, 255], dtype="|u1"),
    "b1": np.array([[True, False], [False, True]], dtype="|b1"),
    "scalar": np.array(2.5, dtype="<f8"),
    "empty": np.zeros((0, 6), dtype="<f4"),
    "empty_middle": np.zeros((2, 0, 3), dtype="<i8"),
}
np.savez("dtypes_stored.npz", **arrays)
np.savez_compressed("dtypes_deflated.npz", **arrays)

with open("version2.npy", "wb") as f:
    np.lib.format.write_array(f, arrays["i4"], version=(2, 0))
with open("version3.npy", "wb") as f:
    np.lib.format.write_array(f, arrays["f8"], version=(3, 0))
np.save("fortran.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
np.save("bigendian.npy", np.arange(3, dtype=">f4"))
