//! Cloze cards end to end: `check` on a deck with cloze errors (every one
//! at its line and column, the good deck still loads), and the review
//! screen's front and back of a cloze card on `TestBackend`.

use concur::data_dir::DataDir;
use concur::deck::{Deck, DeckSource, parse_deck};
use concur::store::Replay;
use concur::tui::{App, Msg, dispatch};

use crate::common::app::draw;
use crate::common::{concur, stdout, write_deck};

#[test]
fn check_reports_every_cloze_error_with_its_position() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = write_deck(
        tmp.path(),
        "bad.toml",
        concat!(
            "[[cards]]\nid = \"a\"\ncloze = \"{{c1::{{c2::x}}}}\"\n",
            "[[cards]]\nid = \"b\"\ncloze = \"`}}` in code is text, {{c1::this}} is not }}\"\n",
            "[[cards]]\nid = \"c::c1\"\nfront = \"f\"\nback = \"b\"\n",
        ),
    );
    write_deck(
        tmp.path(),
        "good.toml",
        "[[cards]]\nid = \"g\"\ncloze = \"{{c1::Threads}} share {{c2::memory}}\"\n",
    );
    let out = concur(tmp.path()).args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    let p = bad.display().to_string();
    for want in [
        format!("{p}:3:16: error: `cloze`: a deletion inside a deletion"),
        format!("{p}:6:52: error: `cloze`: `}}}}` closes no deletion"),
        format!("{p}:8:6: error: card id \"c::c1\" contains `::`"),
    ] {
        assert!(text.contains(&want), "{want}\n{text}");
    }
    assert!(!text.contains("good.toml"), "{text}");
    // The good deck's two cards are counted.
    let out = concur(tmp.path())
        .args(["check", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["errors"], 3, "{v}");
}

fn cloze_deck() -> Deck {
    let text = "[deck]\nid = \"cl\"\nname = \"Cloze\"\n[[cards]]\nid = \"n\"\ncloze = \"With CPU heavy tasks, use multiprocessing with `n_process = {{c1::n_cores}}` and never {{c2::more::how many?}}.\"\nback = \"More processes than cores only add switching.\"\n";
    let (deck, diags) = parse_deck(
        text.as_bytes(),
        "cl.toml",
        "cl",
        DeckSource::Bundled("cl.toml"),
    );
    assert!(diags.is_empty(), "{diags:?}");
    deck.unwrap()
}

fn app(log: &std::path::Path) -> App {
    crate::common::app::app(vec![cloze_deck()], &Replay::default(), log)
}

#[test]
fn a_cloze_cards_front_hides_its_deletion_and_its_back_marks_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&DataDir::new(dir.path()).log());
    for c in "a".chars() {
        dispatch(&mut app, Msg::char(c));
    }
    insta::assert_snapshot!("cloze_front", draw(&app, 80, 24));
    dispatch(&mut app, Msg::char(' '));
    let back = draw(&app, 80, 24);
    insta::assert_snapshot!("cloze_back", back);
    // The answer is drawn in its own style, the rest of the line is not.
    let buf = back.buffer();
    let row = |y: u16| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>();
    let answer_rule = (0..24).find(|&y| row(y).contains("Answer")).unwrap();
    let y = (answer_rule..24)
        .find(|&y| row(y).contains("n_cores"))
        .unwrap();
    let x = u16::try_from(row(y).find("n_cores").unwrap()).unwrap();
    let marked = buf[(x, y)].style();
    assert!(
        marked
            .add_modifier
            .contains(ratatui::style::Modifier::UNDERLINED)
    );
    assert_ne!(
        marked,
        buf[(x - 2, y)].style(),
        "the answer looks like the rest"
    );
}

#[test]
fn export_writes_a_cloze_note_once_with_its_markup_in_csv_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(
        tmp.path(),
        "cl.toml",
        "[deck]\nid = \"cl\"\n[[cards]]\nid = \"n\"\ncloze = \"{{c1::Threads}} share {{c2::memory}}\"\nback = \"extra\"\ntags = [\"t\"]\n",
    );
    let json = tmp.path().join("out.json");
    let out = concur(tmp.path())
        .args(["export", "--format", "json", "-o"])
        .arg(&json)
        .arg("cl")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Wrote 1 note from 1 deck"),
        "{out:?}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(
        v["decks"][0]["cards"],
        serde_json::json!([{
            "id": "n",
            "cloze": "{{c1::Threads}} share {{c2::memory}}",
            "back": "extra",
            "tags": ["t"]
        }])
    );
    let out = concur(tmp.path())
        .args(["export", "--format", "csv", "cl"])
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out),
        "deck,id,front,back,cloze,accept,explain,tags,demo\r\ncl,n,,extra,{{c1::Threads}} share {{c2::memory}},,,t,\r\n"
    );
}

#[test]
fn a_cloze_card_in_a_real_terminal_and_a_bad_note_beside_it() {
    let data = tempfile::tempdir().unwrap();
    let decks = data.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("cz.toml"),
        concat!(
            "[deck]\nid = \"cz\"\nname = \"Cloze deck\"\n",
            "[[cards]]\nid = \"pt\"\ncloze = \"a {{c1::Process}} has its own memory, {{c2::threads::what}} share one\"\nback = \"Extra words.\"\n",
            "[[cards]]\nid = \"bad\"\ncloze = \"x {{c1::\"\n",
            "[[cards]]\nid = \"ok\"\nfront = \"Plain front\"\nback = \"Plain back\"\n",
        ),
    )
    .unwrap();
    let mut app = crate::common::pty::Running::start(data.path());
    // The bad note is reported; the deck's other cards are there.
    app.wait_for("1 card error: those cards were skipped.");
    app.wait_for("Cloze deck");
    app.press("jjj\r");
    app.wait_for("a [...] has its own memory, threads share one");
    app.press(" ");
    app.wait_for("a Process has its own memory, threads share one");
    app.wait_for("Extra words.");
    app.press("4");
    // c2 is c1's sibling: not the same day. The plain card comes next.
    app.wait_for("Plain front");
    assert!(!app.text().contains("[what]"), "{}", app.text());
    app.press(" 4");
    app.wait_for("Session complete");
    app.press("qq");
    assert!(app.wait_exit().success());
}
