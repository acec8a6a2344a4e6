"""Sphinx configuration of the coachcontent documentation.

Build with ``python -m sphinx -W --keep-going -b html docs docs/_build``;
``tests/test_docs.py`` does the same and also runs the examples.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

import coachcontent  # noqa: E402  (after the path set-up above, for the version)

project = "coachcontent"
author = "The coachcontent developers"
copyright = "The coachcontent developers"
release = coachcontent.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "plugin_readmes",
]

source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "examples", "Thumbs.db", ".DS_Store"]
root_doc = "index"

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
# READMEs of plugins link to their own headings with #anchors.
myst_heading_anchors = 4

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"show-inheritance": False}
# Hook specifications and models import their annotations' types only for
# type checkers; show the names as written rather than failing to resolve them.
autodoc_typehints_format = "short"

html_theme = "furo"
html_title = f"coachcontent {release}"
html_static_path: list[str] = []
