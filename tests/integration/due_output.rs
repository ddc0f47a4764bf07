//! `concur due`'s human output is buffered, and a reader that goes away
//! early (`concur due | head`) still ends it quietly with status 0.

use std::io::Read;
use std::process::Stdio;

use crate::common::{concur_today, write_deck};

#[test]
fn due_into_a_pipe_closed_early_exits_zero_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let mut deck = String::from("[deck]\nid = \"big\"\n");
    for i in 0..4000 {
        deck.push_str(&format!(
            "\n[[cards]]\nid = \"card-{i:05}\"\nfront = \"F{i}\"\nback = \"B\"\n"
        ));
    }
    write_deck(dir.path(), "big.toml", &deck);
    // Far more than a pipe holds (4,000 lines of about 70 bytes).
    let full = concur_today(dir.path()).arg("due").output().unwrap();
    assert!(full.status.success());
    assert!(full.stdout.len() > 200_000, "{}", full.stdout.len());
    let mut child = concur_today(dir.path())
        .arg("due")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // The read end is closed here, as `head` does after its lines.
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(full.stdout.starts_with(&head));
}
