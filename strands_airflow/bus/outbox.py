"""Durable outbox: messages published while Redis was unreachable wait here on disk.

One JSON file per message, written atomically (temp file, fsync, rename), so a crash never
leaves half a message. A sender claims a file by renaming it before sending, so two
processes flushing the same outbox do not both send it; a claim older than `stale_claim_s`
(its sender died) is taken over. Files are removed only after Redis accepted the message.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from strands_airflow.bus.message import Message

_CLAIM = ".sending"


class Outbox:
    """A folder of messages waiting for the bus to come back."""

    def __init__(self, directory: Path | str, stale_claim_s: float = 60.0) -> None:
        self.dir = Path(directory)
        self.stale_claim_s = stale_claim_s

    def put(self, msg: Message) -> Path:
        """Store one message durably."""
        self.dir.mkdir(parents=True, exist_ok=True)
        final = self.dir / f"{msg.id}.json"
        tmp = self.dir / f".{msg.id}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(msg.to_json())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        return final

    def __len__(self) -> int:
        if not self.dir.exists():
            return 0
        return sum(1 for p in self.dir.iterdir() if p.name.endswith(".json") or _CLAIM in p.name)

    def claim(self, limit: int = 500) -> list[tuple[Path, Message | None]]:
        """Claim up to `limit` waiting messages (oldest first) for sending.

        Returns (claimed path, message) pairs; the message is None when the file is not a
        valid message (the caller dead-letters or drops it after logging).
        """
        if not self.dir.exists():
            return []
        now = time.time()
        names = sorted(os.listdir(self.dir))
        out: list[tuple[Path, Message | None]] = []
        me = f"{_CLAIM}.{os.getpid()}"
        for name in names:
            if len(out) >= limit:
                break
            src = self.dir / name
            if name.endswith(".json"):
                pass
            elif _CLAIM in name:
                try:
                    if now - src.stat().st_mtime < self.stale_claim_s:
                        continue  # someone alive is sending it
                except FileNotFoundError:
                    continue
            else:
                continue
            base = name.split(_CLAIM)[0]
            dst = self.dir / f"{base}{me}"
            try:
                os.rename(src, dst)
                os.utime(dst)
            except FileNotFoundError:
                continue  # another process claimed it first
            try:
                out.append((dst, Message.from_json(dst.read_bytes())))
            except Exception:  # noqa: BLE001 - corrupt file: reported to the caller
                out.append((dst, None))
        return out

    @staticmethod
    def done(path: Path) -> None:
        """Forget a message once the bus has it."""
        try:
            path.unlink()
        except FileNotFoundError:
            pass

    def release(self, path: Path) -> None:
        """Give a claimed message back (sending failed); it will be retried."""
        base = path.name.split(_CLAIM)[0]
        try:
            os.rename(path, self.dir / base)
        except FileNotFoundError:
            pass
