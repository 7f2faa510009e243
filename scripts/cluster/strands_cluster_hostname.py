"""`[core] hostname_callable` of the cluster's processes: the machine name plus the
process's role (``vm-worker1``), so that the two Celery workers sharing this machine show
up as two hosts in a task instance's ``hostname``, as they would on two machines."""

from __future__ import annotations

import os
import socket


def hostname() -> str:
    role = os.environ.get("STRANDS_CLUSTER_PROCESS", "").removeprefix("cluster-")
    return f"{socket.gethostname()}-{role}" if role else socket.gethostname()
