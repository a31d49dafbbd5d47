"""The embedded fonts: the one place that finds, parses and registers them.

The PDF writer sets text in the faces its stylesheet names; the report charts measure and
set their labels in the same family (:data:`DEJAVU`), and the DOCX writer draws figures
with the same files. TrueType parsing is slow, so each family is registered once per
process, under names (``sladoc-<file stem>``) that no other reportlab user would pick.

Only plain file names inside ``sladoc/data/fonts`` are accepted: the names come from a
stylesheet, which may come from a pull request.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from sladoc.document.writers.common import unusable_character_error
from sladoc.errors import TemplateError

FONTS_DIR = Path(__file__).resolve().parents[1] / "data" / "fonts"


@dataclass(frozen=True)
class FontFiles:
    """The four faces of a family, as file names in :data:`FONTS_DIR`."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def path(self, bold: bool = False, italic: bool = False) -> Path:
        """The file of a face; raises TemplateError for a name outside the fonts folder."""
        name = {
            (False, False): self.regular,
            (True, False): self.bold,
            (False, True): self.italic,
            (True, True): self.bold_italic,
        }[bold, italic]
        path = FONTS_DIR / name
        # A plain file name only: "../../etc/passwd" must not reach outside the fonts folder.
        if Path(name).name != name or not path.is_file():
            raise TemplateError(f"font file {name!r} is not in {FONTS_DIR}")
        return path


DEJAVU = FontFiles(
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"
)
"""The family sladoc ships, and the one the shipped stylesheet names."""

_KEYS = ((False, False), (True, False), (False, True), (True, True))


@dataclass(frozen=True)
class Faces:
    """The four faces of a registered family and the characters each can draw."""

    family: str
    names: dict[tuple[bool, bool], str]  # (bold, italic) -> registered font name
    cmaps: dict[tuple[bool, bool], frozenset[int]]
    fallback_files: FontFiles | None = None
    """A family for the characters this one lacks (DejaVu Sans behind Liberation Sans,
    which has Latin, Greek and Cyrillic but no Arabic, Hebrew or symbols)."""

    @property
    def fallback(self) -> Faces | None:
        """The fallback family, parsed and registered when a character first needs it:
        most contracts never do, and parsing four more TrueType files took about 70 ms of
        every build (issue 21). Registering a font changes no PDF that does not use it."""
        return None if self.fallback_files is None else register(self.fallback_files)

    def name(self, bold: bool = False, italic: bool = False) -> str:
        return self.names[bold, italic]

    def face_for(self, char: str, bold: bool, italic: bool) -> str | None:
        """The face to set ``char`` in, or None when no face of the family has it."""
        # An italic or bold face may lack a script the regular face has (DejaVu Sans
        # Oblique has no Arabic); falling back to the upright face beats failing.
        for key in ((bold, italic), (bold, False), (False, False)):
            if ord(char) in self.cmaps[key]:
                return self.names[key]
        return None if self.fallback is None else self.fallback.face_for(char, bold, italic)

    def check_drawable(self, text: str, bold: bool = False) -> None:
        """Raise RenderError unless the face draws every character of ``text`` itself
        (for text drawn without fallback: furniture, figure labels)."""
        cmap = self.cmaps[bold, False]
        for index, char in enumerate(text):
            if ord(char) not in cmap:
                raise unusable_character_error(
                    text, index, f"has no glyph in the PDF font {self.family}"
                )

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The width of ``text`` set in points at ``size``."""
        return float(pdfmetrics.stringWidth(text, self.name(bold=bold), size))


LIBERATION = FontFiles(
    "LiberationSans-Regular.ttf",
    "LiberationSans-Bold.ttf",
    "LiberationSans-Italic.ttf",
    "LiberationSans-BoldItalic.ttf",
)
"""The contracts' family: Arial's metrics (the DOCX names Arial), under the SIL OFL."""


@functools.cache
def register(files: FontFiles = DEJAVU) -> Faces:
    """Parse and register the family's TrueType files, once a process. Any family but
    DejaVu Sans falls back to DejaVu Sans for the characters it lacks."""
    names: dict[tuple[bool, bool], str] = {}
    cmaps: dict[tuple[bool, bool], frozenset[int]] = {}
    for key in _KEYS:
        path = files.path(*key)
        try:
            font = TTFont(f"sladoc-{path.stem}", str(path))
        except TTFError as error:
            raise TemplateError(f"font file {path.name!r}: {error}") from None
        pdfmetrics.registerFont(font)
        names[key] = font.fontName
        cmaps[key] = frozenset(font.face.charToGlyph)
    pdfmetrics.registerFontFamily(
        names[False, False],
        normal=names[False, False],
        bold=names[True, False],
        italic=names[False, True],
        boldItalic=names[True, True],
    )
    return Faces(Path(files.regular).stem, names, cmaps, None if files == DEJAVU else DEJAVU)
