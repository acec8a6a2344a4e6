"""Issue 4 §6: one 10,000-entry feed, RSS and Atom, by coachcontent-feeds, feedgen and feedgenerator.

Runs plugins/coachcontent-feeds/bench/feeds_bench.py (its options pass through), from the repository root:

    python bench/feeds.py --help
"""

import runpy
from pathlib import Path

if __name__ == "__main__":
    bench = Path(__file__).resolve().parents[1] / "plugins" / "coachcontent-feeds" / "bench" / "feeds_bench.py"
    runpy.run_path(str(bench), run_name="__main__")
