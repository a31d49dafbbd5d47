"""An agreement in two languages as one document: the two versions side by side.

Each language version is composed on its own, by the same spine, so the two trees have the
same structure and differ only in their words. :func:`zip_versions` lays them side by side,
as bilingual contracts are drawn: the passages of the left and the right language in the
rows of a :class:`~sladoc.document.tree.Parallel` block, a heading or a lead-in in the row
of what it introduces; tables (too wide for half a page) once, with both languages' labels;
the signature blocks once, with bilingual captions.

Two versions whose structures differ are a bug in the composer (something other than data
decided what a version says): :class:`VersionsDiffer` says where.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sladoc.agreement.model import Agreement
from sladoc.document.compose.common import KindSections, paragraph
from sladoc.document.tree import (
    Block,
    BulletList,
    ColumnRow,
    Columns,
    Document,
    DocumentInfo,
    Figure,
    Heading,
    Inline,
    Paragraph,
    Parallel,
    Run,
    Signatures,
    Signer,
    Table,
    plain_text,
    walk_text,
)

SEPARATOR = " / "
"""Between the two languages' versions of a short text that appears once (a table's
column title, a signature's caption)."""

_WIDE = (Table, Columns, Signatures, Figure)
"""Blocks drawn once across the page rather than one per column."""


_ONE_LANGUAGE = ("page", "of", "draft")
"""The document labels a bilingual document writes in its first language only."""


class VersionsDiffer(AssertionError):
    """The two language versions of an agreement were composed with different structures."""


def language_clause(kind: KindSections[Agreement]) -> Iterator[Block]:
    """Which version prevails, in an agreement made in two languages; nothing otherwise."""
    agreement, words = kind.agreement, kind.words
    if len(agreement.languages) < 2:
        return
    names = words.mapping("language_names")
    first, second = (names[code] for code in agreement.languages)
    yield Heading(2, words("heading_language"))
    yield paragraph(
        words(
            "versions_clause", first=first, second=second, prevailing=names[agreement.prevailing]
        ),
        "clause",
    )


def zip_versions(left: Document, right: Document) -> Document:
    """One bilingual document from the same agreement composed in two languages."""
    return Document(_info(left.info, right.info), tuple(_zip(left.blocks, right.blocks)))


def _info(left: DocumentInfo, right: DocumentInfo) -> DocumentInfo:
    labels = {
        # the page numbers and the draft mark (one word across the page) in the first
        # language; the rest in both
        key: _both(text, right.labels.get(key, text)) if key not in _ONE_LANGUAGE else text
        for key, text in left.labels.items()
    }
    subtitles = [right.title] if right.title != left.title else []
    subtitles += [s for s in dict.fromkeys((left.subtitle, right.subtitle)) if s]
    return DocumentInfo(
        title=left.title,
        subtitle=" · ".join(subtitles),
        version=left.version,
        status=left.status,
        date=left.date,
        language=left.language,
        labels=labels,
        properties=left.properties,
        date_text=_both(left.date_text, right.date_text),
    )


def _both(left: str, right: str) -> str:
    return left if left == right else f"{left}{SEPARATOR}{right}"


def _zip(left: Sequence[Block], right: Sequence[Block]) -> Iterator[Block]:
    """Rows of passages side by side, broken by the wide blocks drawn once. A heading or a
    lead-in shares the row of what follows it, so that it never ends a page alone; before a
    wide block, it is drawn across the page in both languages."""
    if len(left) != len(right):
        raise VersionsDiffer(
            f"the versions have {len(left)} and {len(right)} blocks: "
            f"{_first_texts(left)} / {_first_texts(right)}"
        )
    rows: list[tuple[tuple[Block, ...], tuple[Block, ...]]] = []
    pending: tuple[list[Block], list[Block]] = ([], [])
    for index, (a, b) in enumerate(zip(left, right, strict=True)):
        if type(a) is not type(b):
            raise VersionsDiffer(
                f"block {index} is a {type(a).__name__} on the left and a "
                f"{type(b).__name__} on the right: {_first_texts([a])} / {_first_texts([b])}"
            )
        if isinstance(a, _WIDE):
            if rows:
                yield Parallel(tuple(rows))
                rows = []
            # What introduces the wide block (a heading, a lead-in) is drawn across the page
            # as it is, both languages in one block, and keeps with it as every lead-in does.
            yield from (_merge(x, y) for x, y in zip(*pending, strict=True))
            pending = ([], [])
            yield _merge(a, b)
            continue
        pending[0].append(a)
        pending[1].append(b)
        following = left[index + 1] if index + 1 < len(left) else None
        if not _leads(a, following):
            rows.append((tuple(pending[0]), tuple(pending[1])))
            pending = ([], [])
    if pending[0]:
        rows.append((tuple(pending[0]), tuple(pending[1])))
    if rows:
        yield Parallel(tuple(rows))


def _leads(block: Block, following: Block | None) -> bool:
    """Whether ``block`` goes with the block after it: a heading, or a paragraph that
    introduces a list, a table or the signatures (``following`` None: whatever follows)."""
    if isinstance(block, Heading):
        return True
    return (
        isinstance(block, Paragraph)
        and block.style != "note"
        and (following is None or isinstance(following, (BulletList, *_WIDE)))
    )


def _merge(a: Block, b: Block) -> Block:
    """A block drawn once with both languages."""
    if isinstance(a, Heading) and isinstance(b, Heading):
        # one number, the first language's ("Pasal 2 –"): the clause is the same
        return Heading(a.level, _both(a.text, b.text), a.number, a.anchor)
    if isinstance(a, Paragraph) and isinstance(b, Paragraph):
        return Paragraph(_cell(a.content, b.content), a.style)
    if isinstance(a, Table) and isinstance(b, Table):
        return Table(
            header=tuple(_both(x, y) for x, y in zip(a.header, b.header, strict=True)),
            rows=tuple(
                tuple(_cell(x, y) for x, y in zip(row_a, row_b, strict=True))
                for row_a, row_b in zip(a.rows, b.rows, strict=True)
            ),
            widths=a.widths,
            numeric=a.numeric,
            caption=_both(a.caption, b.caption),
        )
    if isinstance(a, Columns) and isinstance(b, Columns):
        return Columns(
            titles=tuple(_both(x, y) for x, y in zip(a.titles, b.titles, strict=True)),
            rows=tuple(
                ColumnRow(
                    _both(row_a.label, row_b.label),
                    tuple(_stacked(x, y) for x, y in zip(row_a.cells, row_b.cells, strict=True)),
                )
                for row_a, row_b in zip(a.rows, b.rows, strict=True)
            ),
        )
    if isinstance(a, Signatures) and isinstance(b, Signatures):
        return Signatures(
            tuple(
                Signer(
                    _both(x.party, y.party),
                    _both(x.by, y.by),
                    tuple(
                        (_both(caption_x, caption_y), _both(value_x, value_y))
                        for (caption_x, value_x), (caption_y, value_y) in zip(
                            x.details, y.details, strict=True
                        )
                    ),
                    x.stamp or y.stamp,  # the stamp duty of the Indonesian version
                )
                for x, y in zip(a.signers, b.signers, strict=True)
            )
        )
    return a  # a figure: its drawing is in the first language


def _cell(a: Inline, b: Inline) -> Inline:
    """Text in both languages: once when they read alike (a name, a number, an address),
    else the left, and the right in italics on the next line."""
    if plain_text(a) == plain_text(b):
        return a
    return (*a, Run("\n"), *(Run(run.text, run.bold, True) for run in b))


def _stacked(a: tuple[Block, ...], b: tuple[Block, ...]) -> tuple[Block, ...]:
    """A side-by-side cell in both languages: the left's blocks, then the right's, unless
    they say the same."""
    return a if walk_text(a) == walk_text(b) else a + b


def _first_texts(blocks: Sequence[Block]) -> str:
    return repr(" ".join(walk_text(tuple(blocks[:2])))[:80])
