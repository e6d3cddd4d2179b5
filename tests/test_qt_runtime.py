"""The Qt binding itself must survive a long working day of calls.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call that returns
nothing and aborts the interpreter ("Fatal Python error: none_dealloc") after a few
thousand such calls; pyproject.toml pins it below 6.12 there. This test makes
100,000 such calls, in a subprocess so that an abort is reported, not fatal to the run.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
widget = QWidget()
for _ in range(100_000):
    widget.setObjectName("x")
print("survived", widget.objectName())
"""


def test_100000_calls_returning_none_do_not_abort_python():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived x"
