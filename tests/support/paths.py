"""Every folder a test reads from, computed once from this file's place in the repository.

Test files sit at different depths under tests/; a path built from a test's own `__file__`
breaks when the file moves one folder down, so tests take their paths from here.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
FIXTURES = ROOT / "tests" / "fixtures"
# Data too large for the repository (the AMI meeting clip) lives beside it, in ../shared/data.
SHARED_DATA = ROOT.parent / "shared" / "data"
