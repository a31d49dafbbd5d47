"""Cross-references resolved: every ``[clause:ID]`` in the tree's text becomes the number
of the heading anchored ``ID`` in words ("clause 6", "Pasal 6.2"), the number a run that
names its target (:attr:`sladoc.document.tree.Run.ref`) so that writers may link it.

The agreement's references were checked where they are written (``agreement.validate``);
one that names nothing here (from a template's wording) is a TemplateError.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from dataclasses import replace

from sladoc.agreement.references import REFERENCE, Reference, split
from sladoc.document.compose.common import Words
from sladoc.document.tree import (
    Block,
    BulletList,
    ColumnRow,
    Columns,
    Inline,
    Paragraph,
    Run,
    Table,
)
from sladoc.errors import TemplateError

Numbers = dict[str, tuple[tuple[int, ...], str]]
"""What each id a reference may name stands for in a document: the number of its heading
and that heading's anchor (another id's, when a layout's section stands in for it)."""


def resolve(blocks: tuple[Block, ...], numbers: Numbers, words: Words) -> tuple[Block, ...]:
    """``blocks`` with every reference in their text written as the number it names, linked
    to the heading that number is."""

    def runs(content: Inline) -> Inline:
        if not any("[clause:" in run.text for run in content):
            return content
        out: list[Run] = []
        for run in content:
            if not REFERENCE.search(run.text):
                out.append(run)
                continue
            for piece in split(run.text):
                if isinstance(piece, Reference):
                    found = numbers.get(piece.target)
                    if found is None:
                        raise TemplateError(
                            f"`[clause:{piece.target}]` names no numbered clause of this "
                            f"document (known: {', '.join(numbers)})"
                        )
                    number, anchor = found
                    before, said, after = words.reference(number)
                    for text, ref in ((before, ""), (said, anchor), (after, "")):
                        if text:
                            out.append(replace(run, text=text, ref=ref))
                elif piece:
                    out.append(replace(run, text=piece))
        return tuple(out)

    def block(node: Block) -> Block:
        if isinstance(node, Paragraph):
            return replace(node, content=runs(node.content))
        if isinstance(node, BulletList):
            return replace(node, items=tuple(runs(item) for item in node.items))
        if isinstance(node, Table):
            return replace(node, rows=tuple(tuple(runs(c) for c in row) for row in node.rows))
        if isinstance(node, Columns):
            rows = tuple(
                ColumnRow(row.label, tuple(tuple(map(block, cell)) for cell in row.cells))
                for row in node.rows
            )
            return replace(node, rows=rows)
        return node

    return tuple(map(block, blocks))
