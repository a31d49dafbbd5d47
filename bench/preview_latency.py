"""Save-to-updated-page latency of ``sladoc preview``: for each agreement given, a preview
server on a copy of it, an event stream open as a page holds it, then edits saved one after
another; each latency is from the end of the write to the arrival of the new page content
over the stream (what the page's script puts in place at once). Prints one JSON object:
``{agreement name: [seconds, ...]}``.

    python bench/preview_latency.py agreements/*.yaml --edits 10
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from sladoc.preview.server import start


def latencies(source: Path, edits: int) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="sladoc-preview-") as folder:
        path = Path(folder) / source.name
        shutil.copy(source, path)
        server = start(path)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
            connection.request("GET", "/events")
            response = connection.getresponse()

            def next_version() -> int:
                while True:
                    line = response.fp.readline()
                    if line.startswith(b"data: "):
                        return int(json.loads(line[6:])["version"])

            version = next_version()
            found = []
            text = path.read_text("utf-8")
            for number in range(edits):
                time.sleep(0.25)  # an author does not save twice within a poll
                path.write_text(f"{text}\n# edit {number}\n", "utf-8")
                saved = time.perf_counter()
                wanted = version + 1
                while version < wanted:
                    version = next_version()
                found.append(time.perf_counter() - saved)
            connection.close()
            return found
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("agreements", nargs="+", type=Path)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args(argv)
    result = {path.name: latencies(path, args.edits) for path in args.agreements}
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
