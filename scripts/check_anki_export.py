#!/usr/bin/env python3
"""Import concur's Anki exports into a fresh collection of REAL Anki and
print what Anki made of them: notes, note types and their fields, decks and
their card counts, and the notes whose guid matches --show.

Not run by CI (it needs the `anki` package from PyPI):

    python3 -m venv /tmp/ankiexp && /tmp/ankiexp/bin/pip install anki
    concur export --format apkg -o /tmp/a.apkg
    /tmp/ankiexp/bin/python scripts/check_anki_export.py /tmp/a.apkg [/tmp/b.apkg ...] [--show GUID_PART]

Each FILE is imported in turn into the same collection (`.apkg` through
Anki's package importer, anything else as concur's `--format anki` text
through Anki's CSV importer, with the metadata its `#` headers give), so
a second export of the same decks shows whether Anki updates the notes in
place (the note count stays the same).
"""

import argparse
import os
import re
import sys
import tempfile

from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.import_export_pb2 import ImportCsvRequest


def summary(log):
    """Counts of the import log's outcomes."""
    parts = []
    for name in ("new", "updated", "duplicate", "conflicting", "first_field_match",
                 "missing_notetype", "missing_deck", "empty_first_field"):
        items = getattr(log, name, None)
        if items:
            parts.append(f"{name}={len(items)}")
    return ", ".join(parts) or "nothing"


def import_file(col, path):
    if path.endswith(".apkg"):
        req = ImportAnkiPackageRequest(
            package_path=path,
            options=ImportAnkiPackageOptions(
                with_scheduling=False,
                # Anki's default: update a note when the package's is newer.
                update_notes=0,
                update_notetypes=0,
            ),
        )
        out = col.import_anki_package(req)
    else:
        metadata = col.get_csv_metadata(path=path, delimiter=None)
        out = col.import_csv(ImportCsvRequest(path=path, metadata=metadata))
    print(f"import {os.path.basename(path)}: {summary(out.log)}")


def report(col, show):
    print(f"notes: {col.note_count()}  cards: {col.card_count()}")
    for nt in col.models.all():
        used = len(col.models.nids(nt["id"]))
        if used:
            fields = [f["name"] for f in nt["flds"]]
            kind = "cloze" if nt["type"] == 1 else "standard"
            print(f"note type {nt['name']!r} ({kind}, {used} notes): fields {fields}")
    for d in sorted(col.decks.all_names_and_ids(), key=lambda d: d.name):
        cards = len(col.find_cards(f'did:{d.id}'))
        if cards:
            print(f"deck {d.name!r}: {cards} cards")
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        if show and not any(s in note.guid for s in show):
            continue
        nt = note.note_type()
        print(f"--- note {note.guid} ({nt['name']}, {len(note.cards())} cards, "
              f"tags {note.tags})")
        for name, value in note.items():
            if value:
                print(f"  {name}: {value!r}")
        for card in note.cards():
            print(f"  card {card.ord + 1} in {col.decks.name(card.did)!r}:")
            print(f"    question {shown(card.question())!r}")
            print(f"    answer   {shown(card.answer())!r}")


def shown(html):
    """A card side without its style sheet."""
    return re.sub(r"(?s)<style>.*?</style>", "", html)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--show", action="append", default=[],
                    help="print the notes whose guid contains this (repeatable)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(os.path.join(tmp, "collection.anki2"))
        print(f"anki {__import__('anki.buildinfo').buildinfo.version}, fresh collection")
        try:
            for f in args.files:
                import_file(col, os.path.abspath(f))
                print(f"  after it: {col.note_count()} notes, {col.card_count()} cards")
            report(col, args.show)
            problems, _ = col.fix_integrity()
            print(f"Check Database: {problems.strip() or 'no problems'}")
        finally:
            col.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
