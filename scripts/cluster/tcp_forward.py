"""A plain TCP forwarder: ``python scripts/cluster/tcp_forward.py LISTEN_PORT TARGET_PORT``.

`scripts/cluster.sh` puts it in front of the moto server as the cluster's S3 endpoint,
so the endpoint can go down (this process stopped: connections refused) and come back
while moto, and the bucket it holds in memory, stays up. Both ends are on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import sys


async def _pipe(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float = 0.0
) -> None:
    """Copy until EOF; ``delay``: seconds to hold each chunk (a network's latency)."""
    try:
        while data := await reader.read(65536):
            if delay:
                await asyncio.sleep(delay)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main(listen_port: int, target_port: int) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    server = await asyncio.start_server(handle, "127.0.0.1", listen_port, reuse_address=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: tcp_forward.py LISTEN_PORT TARGET_PORT")
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
