"""``python -m coachcontent``: the same as the ``coachcontent`` command."""

from coachcontent.cli import run

run()
