#!/usr/bin/env python3
"""Renders a pytm report template over one of the parity models, as pytm
1.4 does: runs MODEL.py (its findings printout discarded), then prints
tm.report(TEMPLATE). Used by generate.sh for templates/*.expected.

    python3 report.py TEMPLATE MODEL.py
"""

import contextlib
import io
import os
import runpy
import sys

template, script = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.chdir(os.path.dirname(script))
with contextlib.redirect_stdout(io.StringIO()):
    scope = runpy.run_path(script, run_name="__main__")
sys.stdout.write(scope["tm"].report(template))
