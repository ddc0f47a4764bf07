#!/usr/bin/env python3
"""Builds the Anki packages under tests/fixtures/anki/ with real Anki.

The tests read the committed .apkg files and never need Anki or the
network; run this only to make them again:

    python3 -m venv /tmp/ankivenv && /tmp/ankivenv/bin/pip install anki
    /tmp/ankivenv/bin/python scripts/make_apkg_fixtures.py

It writes, from one collection:
  current.apkg  Anki's current format (collection.anki21b: zstd SQLite, schema 18)
  legacy.apkg   the legacy format (collection.anki21, schema 11, JSON in `col`)
both with scheduling (the review history, `revlog`) and the one image.

The collection holds Basic, Basic (and reversed card), Basic (optional
reversed card) with and without its reverse, Cloze, a copy of Basic under
another name (found by its structure, not its name), a custom note type
with three fields, HTML with an indented code block and entities, nested
decks, tags, an image and a sound reference, and a few reviews.
"""

import os
import sys
import tempfile

from anki.collection import Collection, ExportAnkiPackageOptions

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "anki")

# The smallest valid PNG (1x1, transparent): the package's one image.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)

# Fixed times for the reviews: 2026-11-20 and 2026-11-21, 09:00 UTC, in ms.
DAY1 = 1_795_165_200_000
DAY2 = DAY1 + 86_400_000


def add(col, notetype, deck, fields, tags, guid):
    note = col.new_note(col.models.by_name(notetype))
    for name, value in fields.items():
        note[name] = value
    note.tags = tags
    note.guid = guid
    col.add_note(note, col.decks.id(deck))
    return note


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(os.path.join(tmp, "collection.anki2"))
        mm = col.models

        # A copy of Basic under another name: concur goes by structure.
        grund = mm.copy(mm.by_name("Basic"), add=False)
        grund["name"] = "Grundlegend"
        mm.add_dict(grund)

        # A custom note type: three fields, one card.
        vocab = mm.new("Vocabulary")
        for f in ("Word", "Meaning", "Example"):
            mm.add_field(vocab, mm.new_field(f))
        t = mm.new_template("Recognise")
        t["qfmt"] = "{{Word}}"
        t["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}}<br>{{Example}}"
        mm.add_template(vocab, t)
        mm.add_dict(vocab)

        col.media.write_data("diagram.png", PNG)

        basic = add(
            col, "Basic", "Python::Concurrency",
            {
                "Front": "What does the <b>GIL</b> protect?",
                "Back": "CPython&#x27;s interpreter state &amp; reference counts<br>(one thread runs bytecode at a time)",
            },
            ["python", "gil"], "f>Xk1@2Z\"q",
        )
        add(
            col, "Basic", "Python::Concurrency",
            {
                "Front": "Start a thread that runs <code>work(1)</code>",
                "Back": "<pre><code>import threading\n\ndef main():\n    t = threading.Thread(target=work, args=(1,))\n    t.start()\n    t.join()</code></pre>",
            },
            ["python", "threading::basics"], "code-pre",
        )
        add(
            col, "Basic", "Python",
            {
                "Front": "Compare with &lt;, &gt; and &amp;&nbsp;in Python?",
                "Back": "<div>if a &lt; b:</div><div>&nbsp; &nbsp; print(&quot;less&quot;)</div><div><ul><li>one</li><li>two</li></ul></div>",
            },
            ["python"], "code-divs",
        )
        add(
            col, "Basic (and reversed card)", "Rust Basics",
            {"Front": "ownership", "Back": "each value has one owner"},
            ["rust"], "rev-both",
        )
        add(
            col, "Basic (optional reversed card)", "Rust Basics",
            {"Front": "borrow", "Back": "a reference that does not own", "Add Reverse": "y"},
            ["rust"], "opt-rev-yes",
        )
        add(
            col, "Basic (optional reversed card)", "Rust Basics",
            {"Front": "lifetime", "Back": "how long a reference is valid", "Add Reverse": ""},
            ["rust"], "opt-rev-no",
        )
        add(
            col, "Cloze", "Python::Concurrency",
            {
                "Text": "A {{c1::process}} has its own memory; {{c2::threads::what?}} share one.",
                "Back Extra": "See <i>multiprocessing</i>.",
            },
            ["python"], "cloze-1",
        )
        add(
            col, "Grundlegend", "Rust Basics",
            {"Front": "Was ist <code>Box&lt;T&gt;</code>?", "Back": "ein Zeiger auf den Heap"},
            ["rust", "deutsch"], "grund-1",
        )
        add(
            col, "Vocabulary", "Languages::German",
            {
                "Word": "der Faden",
                "Meaning": "the thread",
                "Example": "Der Faden läuft.<img src=\"diagram.png\"> [sound:faden.mp3]<script>alert(1)</script><style>b{}</style>",
            },
            ["german"], "vocab-1",
        )

        # Reviews of the GIL card: Again on day 1, Good on day 2 (ms spent
        # 3000 and 4500). Anki writes these when a card is answered; rows
        # inserted here keep the fixture's dates fixed.
        cid = basic.cards()[0].id
        col.db.execute(
            "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?,?,?,?,?,?,?,?,?)",
            DAY1, cid, -1, 1, -600, 0, 2500, 3000, 0,
        )
        col.db.execute(
            "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?,?,?,?,?,?,?,?,?)",
            DAY2, cid, -1, 3, 1, -600, 2500, 4500, 1,
        )
        # A manual reschedule (ease 0): not a review, skipped on import.
        col.db.execute(
            "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?,?,?,?,?,?,?,?,?)",
            DAY2 + 1000, cid, -1, 0, 3, 1, 2500, 0, 4,
        )

        for name, legacy in (("current.apkg", False), ("legacy.apkg", True)):
            path = os.path.abspath(os.path.join(OUT, name))
            if os.path.exists(path):
                os.remove(path)
            n = col.export_anki_package(
                out_path=path,
                options=ExportAnkiPackageOptions(
                    with_scheduling=True, with_deck_configs=False, with_media=True, legacy=legacy
                ),
                limit=None,
            )
            print(f"{path}: {n} notes, {os.path.getsize(path)} bytes", file=sys.stderr)
        col.close()


if __name__ == "__main__":
    main()
