"""Following the author's edits: ``sladoc preview`` (a page on 127.0.0.1 that updates in
place as the agreement or its templates are saved, :mod:`sladoc.preview.server`) and the
file watching that it and ``sladoc build --watch`` share (:mod:`sladoc.preview.watch`).

A front end below the CLI: everything it shows comes from :mod:`sladoc.api`. It may run a
server and read files, but prints nothing and never exits; the CLI starts it.

May import: :mod:`sladoc.api`, :mod:`sladoc.errors`.
"""
