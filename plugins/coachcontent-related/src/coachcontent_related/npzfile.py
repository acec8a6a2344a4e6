"""Arrays kept in the site's cache folder: written whole, read back with no pickles."""

from __future__ import annotations

import contextlib
import os
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

#: What reading a missing, cut short or corrupt file can raise: the file is then not used.
READ_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    EOFError,
    zipfile.BadZipFile,
    struct.error,
    zlib.error,
)


def write_arrays(folder: Path, name: str, arrays: Mapping[str, Any]) -> bool:
    """Write ``arrays`` to ``folder/name`` (NumPy's ``.npz``) whole, in a temporary file
    then renamed into place, so no reader ever sees half a file; whether that worked."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays)
        Path(temporary).replace(folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        return False
    return True
