//! Inputs that once took quadratic time, at the sizes that showed it: an
//! import of 16,000 rows with the same front (23.6 s), a header row that
//! starts with 160,000 `[` (16.9 s), a `check` of a 6.6 MB deck whose
//! 160,000 cards share one front (39 s, one diagnostic per pair). No timing
//! is asserted (speed is measured by hand, see the README); these tests
//! pin the shape of the output: ids numbered in order, one grouped
//! diagnostic per repeated id or front.

use crate::common::{concur_today, stdout, write};

#[test]
fn importing_16000_rows_with_the_same_front_numbers_the_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let mut md = String::from("front | back\n--|--\n");
    for i in 0..16_000 {
        md.push_str(&format!("Same question? | answer {i}\n"));
    }
    let notes = write(tmp.path(), "same.md", &md);
    let out = concur_today(tmp.path())
        .arg("import")
        .arg(&notes)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let toml = stdout(&out);
    let ids: Vec<&str> = toml
        .lines()
        .filter_map(|l| l.strip_prefix("id = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    // The deck id, then one id per card.
    assert_eq!(ids.len(), 16_001, "{}", &toml[..500.min(toml.len())]);
    assert_eq!(ids[1], "same-question");
    assert_eq!(ids[2], "same-question-2");
    assert_eq!(ids[16_000], "same-question-16000");
}

#[test]
fn a_header_row_of_160000_brackets_imports_the_table() {
    let tmp = tempfile::tempdir().unwrap();
    let md = format!("{} | back\n--|--\nq | a\n", "[".repeat(160_000));
    let notes = write(tmp.path(), "brackets.md", &md);
    let out = concur_today(tmp.path())
        .arg("import")
        .arg(&notes)
        .arg("--all-tables")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let toml = stdout(&out);
    assert!(
        toml.contains("[[cards]]\nid = \"q\"\nfront = \"q\"\nback = \"a\"\n"),
        "{toml}"
    );
    assert_eq!(toml.matches("[[cards]]").count(), 1, "{toml}");
}

#[test]
fn checking_160000_cards_with_one_front_gives_one_grouped_diagnostic() {
    let tmp = tempfile::tempdir().unwrap();
    // Cards without `id` are keyed by their front: 160,000 cards, one id.
    let mut deck = String::from("[deck]\nid = \"big\"\n");
    for _ in 0..160_000 {
        deck.push_str("[[cards]]\nfront = \"Same front\"\nback = \"b\"\n");
    }
    let path = write(tmp.path(), "big.toml", &deck);
    let out = concur_today(tmp.path())
        .args(["check", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"], 1, "one error for the repeated id");
    let diags = v["diagnostics"].as_array().unwrap();
    let errors: Vec<&serde_json::Value> =
        diags.iter().filter(|d| d["severity"] == "error").collect();
    let msg = errors[0]["message"].as_str().unwrap();
    assert!(
        msg.starts_with("duplicate card id \"h-")
            && msg.ends_with(
                "(first used on line 3): card ids must be unique within a deck (159999 cards repeat it, on lines 6, 9, 12, 15, 18, …)"
            ),
        "{msg}"
    );
    assert_eq!(
        (errors[0]["line"].as_u64(), errors[0]["col"].as_u64()),
        (Some(6), Some(1))
    );
}
