"""``python -m strands_airflow.vectors``: the store's command line (see cli.py)."""

import sys

from strands_airflow.vectors.cli import main

sys.exit(main())
