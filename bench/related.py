"""Issue 5: related posts for all posts at growing site sizes, against brute force and Pelican's plugin.

Runs plugins/coachcontent-related/bench/related_bench.py (its options pass through), from the repository root:

    python bench/related.py --help
"""

import runpy
from pathlib import Path

if __name__ == "__main__":
    bench = Path(__file__).resolve().parents[1] / "plugins" / "coachcontent-related" / "bench" / "related_bench.py"
    runpy.run_path(str(bench), run_name="__main__")
