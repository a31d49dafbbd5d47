"""Draw the template previews of the README: docs/previews/{internal,tiered,customer,supplier,
plans,bilingual}.png, and one page of each layout, docs/previews/layout-<name>.png.

    python docs/make_previews.py

Each example's preview is pages 2 and 3 of its PDF side by side (the cover says little); a
layout's is the page of an example drawn in it that shows what the layout is about.
Needs poppler's ``pdftoppm`` and Pillow. The report previews are drawn by
``agreements/make_report_samples.py --previews``.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from sladoc import api
from sladoc.document.compose import compose_versions
from sladoc.document.templateset import TemplateSet
from sladoc.document.writers import write

ROOT = Path(__file__).resolve().parent.parent
PREVIEWS = {
    "internal": "company-x-marketing-sales.yaml",
    "tiered": "company-x-multilevel.yaml",
    "customer": "acme-cloud-hosting.yaml",
    "supplier": "dunder-mifflin-paper.yaml",
    "plans": "northwind-saas-plans.yaml",
    "bilingual": "awan-nusantara-hosting-bilingual.yaml",
}
LAYOUT_PREVIEWS = {
    "two-column": ("company-x-marketing-sales.yaml", 3),
    "metrics": ("company-x-marketing-sales.yaml", 3),
    "stages": ("company-x-marketing-sales.yaml", 3),
    "bullets": ("acme-cloud-hosting.yaml", 3),
    "summary": ("acme-cloud-hosting.yaml", 2),
    "formal": ("acme-cloud-hosting.yaml", 3),
}
"""Each layout, the example drawn in it, and the page shown."""
GAP, GREY = 8, (208, 208, 208)


def main() -> None:
    templates = TemplateSet.at(None)
    with tempfile.TemporaryDirectory() as folder:
        for name, source in PREVIEWS.items():
            versions = tuple(v for v, _ in api.load_versions(ROOT / "agreements" / source))
            agreement = versions[0]
            document = compose_versions(versions, templates)
            pdf = Path(folder) / f"{name}.pdf"
            pdf.write_bytes(write("pdf", document, templates.look(agreement.kind)))
            prefix = Path(folder) / name
            subprocess.run(
                ["pdftoppm", "-png", "-r", "45", "-f", "2", "-l", "3", str(pdf), str(prefix)],
                check=True,
            )
            pages = [Image.open(path) for path in sorted(Path(folder).glob(f"{name}-*.png"))]
            width, height = pages[0].size
            sheet = Image.new("RGB", (2 * width + GAP, height), GREY)
            for index, page in enumerate(pages):
                sheet.paste(page, (index * (width + GAP), 0))
            target = ROOT / "docs" / "previews" / f"{name}.png"
            sheet.save(target, optimize=True)
            print(f"wrote {target.relative_to(ROOT)}")
        for layout, (source, page) in LAYOUT_PREVIEWS.items():
            path = ROOT / "agreements" / source
            versions = tuple(v for v, _ in api.load_versions(path, layout=layout))
            document = compose_versions(versions, templates)
            pdf = Path(folder) / f"layout-{layout}.pdf"
            pdf.write_bytes(write("pdf", document, templates.look(versions[0].kind)))
            target = ROOT / "docs" / "previews" / f"layout-{layout}"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "40", "-singlefile", "-f", str(page), "-l", str(page),
                 str(pdf), str(target)],
                check=True,
            )  # fmt: skip
            Image.open(f"{target}.png").save(f"{target}.png", optimize=True)
            print(f"wrote {target.relative_to(ROOT)}.png")


if __name__ == "__main__":
    main()
