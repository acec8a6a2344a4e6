"""``python -m coachcontent``: the same as the ``coachcontent`` command."""

import sys

from coachcontent.cli import main

sys.exit(main())
