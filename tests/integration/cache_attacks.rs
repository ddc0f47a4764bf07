//! The caches cannot be turned against the user (issue 18): a link planted
//! in `$DATA/cache` is replaced, never followed; a killed writer's
//! temporary file goes on the next run; a huge cache file is not read; an
//! edit in place with its modification time put back is seen; a damaged
//! whole-deck entry is a miss.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use tempfile::TempDir;

use crate::common::{concur_today, stdout, write, write_deck};

const DECK: &str =
    "[deck]\nid = \"d\"\n[[cards]]\nid = \"c1\"\nfront = \"Front text\"\nback = \"Back text\"\n";

fn due_json(data: &Path) -> String {
    let out = concur_today(data).args(["due", "--json"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    stdout(&out)
}

/// A data folder with one deck and a log of one line.
fn data() -> TempDir {
    let data = TempDir::new().unwrap();
    write_deck(data.path(), "d.toml", DECK);
    write(
        data.path(),
        "reviews.jsonl",
        "{\"at\":\"2026-11-20T10:00:00+00:00\",\"deck\":\"d\",\"card\":\"c1\",\"grade\":4,\"kind\":\"review\",\"ms\":900}\n",
    );
    data
}

fn is_regular(p: &Path) -> bool {
    fs::symlink_metadata(p).unwrap().is_file()
}

/// The same attack one level up: `cache/decks` (whose stale entries are
/// pruned, every `*.bin` no index entry names) and `cache` itself are links
/// to folders of the user's. The links are removed (a folder of concur's
/// own takes their place when a cache is written) and nothing in their targets is written or removed. Failed before:
/// the user's `*.bin` files were pruned and the caches written beside them.
#[test]
fn a_linked_cache_folder_is_replaced_and_its_target_untouched() {
    for linked in ["cache/decks", "cache"] {
        let data = data();
        let expected = due_json(data.path());
        let outside = TempDir::new().unwrap();
        fs::write(outside.path().join("notes.bin"), b"precious").unwrap();
        let link = data.path().join(linked);
        let _ = fs::remove_dir_all(&link);
        std::os::unix::fs::symlink(outside.path(), &link).unwrap();
        // An edited deck: the index is written again, and stale whole-deck
        // entries are pruned.
        write_deck(data.path(), "d.toml", &format!("{DECK}# edited\n"));
        assert_eq!(due_json(data.path()), expected, "{linked}");
        assert_eq!(due_json(data.path()), expected, "{linked}, warm");
        let names: Vec<_> = fs::read_dir(outside.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["notes.bin"], "{linked}: the target is as it was");
        // Gone, or a folder of concur's own; a link no more.
        let meta = fs::symlink_metadata(&link);
        assert!(meta.is_err() || meta.unwrap().is_dir(), "{linked}");
    }
}

/// The attack of issue 18: `cache/deck-ids.bin` (it was `/dev/zero`) and
/// `cache/replay.bin` are links to files outside the cache. The run
/// replaces the links with regular files and leaves their targets as they
/// were. Failed before: the targets got the caches' bytes.
#[test]
fn a_link_in_the_cache_is_replaced_and_its_target_untouched() {
    let data = data();
    let expected = due_json(data.path());
    let outside = TempDir::new().unwrap();
    let cache = data.path().join("cache");
    for name in ["deck-ids.bin", "replay.bin"] {
        let target = outside.path().join(name);
        fs::write(&target, b"precious").unwrap();
        fs::remove_file(cache.join(name)).unwrap();
        std::os::unix::fs::symlink(&target, cache.join(name)).unwrap();
    }
    assert_eq!(due_json(data.path()), expected);
    for name in ["deck-ids.bin", "replay.bin"] {
        assert_eq!(fs::read(outside.path().join(name)).unwrap(), b"precious");
        assert!(is_regular(&cache.join(name)), "{name} is a file again");
    }
}

/// Temporary files that killed writers left in `cache/` and
/// `cache/decks/` are removed by the next run; one whose writer still
/// holds it (here, this test) stays. Failed before: nothing removed them.
#[test]
fn temporaries_of_killed_writers_are_removed_by_the_next_run() {
    let data = data();
    due_json(data.path());
    let cache = data.path().join("cache");
    fs::create_dir_all(cache.join("decks")).unwrap();
    let old = SystemTime::now() - Duration::from_secs(3600);
    let left = [
        cache.join(".replay.bin.a1B2c3.concur-tmp"),
        cache.join(".deck-ids.bin.x9Y8z7.concur-tmp"),
        cache.join("decks/.0123456789abcdef.bin.Qq1Ww2.concur-tmp"),
    ];
    for p in &left {
        let f = fs::File::create(p).unwrap();
        f.set_len(5 << 20).unwrap();
        f.set_modified(old).unwrap();
    }
    let live = cache.join(".replay.bin.LiVe00.concur-tmp");
    let held = fs::File::create(&live).unwrap();
    held.lock().unwrap();
    due_json(data.path());
    for p in &left {
        assert!(!p.exists(), "{} is left", p.display());
    }
    assert!(live.exists(), "a temporary file in use is kept");
}

/// A 2 GiB (sparse) snapshot and deck index are treated as damaged without
/// being read: the output is as without them, and no run holds a fraction
/// of their size in memory. Failed before: each was read whole (2 GiB).
#[test]
fn huge_cache_files_are_not_read() {
    let data = data();
    let expected = due_json(data.path());
    for name in ["replay.bin", "deck-ids.bin"] {
        let f = fs::File::create(data.path().join("cache").join(name)).unwrap();
        f.set_len(2 << 30).unwrap();
    }
    assert_eq!(due_json(data.path()), expected);
    // The largest resident size of any child this test binary waited for.
    let usage =
        nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).unwrap();
    let max_rss_kib = usage.max_rss();
    assert!(
        max_rss_kib < 1 << 20,
        "a child used {max_rss_kib} KiB: a cache file was read whole"
    );
}

/// A deck edited in place whose size and modification time are put back
/// (`touch -r`, `rsync -t`) is read again: its new card id shows. Failed
/// before: the stamp had no change time, and the old id was served.
#[test]
fn an_edit_in_place_with_its_mtime_put_back_is_seen() {
    let data = data();
    let deck = data.path().join("decks/d.toml");
    let old = SystemTime::now() - Duration::from_secs(3600);
    let set_mtime = |t| {
        let f = fs::File::options().write(true).open(&deck).unwrap();
        f.set_modified(t).unwrap();
    };
    set_mtime(old);
    assert!(due_json(data.path()).contains("\"c1\""));
    fs::write(&deck, DECK.replace("\"c1\"", "\"c9\"")).unwrap();
    set_mtime(old);
    let after = due_json(data.path());
    assert!(
        after.contains("\"c9\"") && !after.contains("\"c1\""),
        "{after}"
    );
}

/// A flipped byte in a card's text inside its whole-deck cache entry is
/// a miss: the text comes from the deck file. Failed before: entries had
/// no checksum and the damaged text was exported.
#[test]
fn a_damaged_whole_deck_entry_is_never_served() {
    let data = data();
    let export = || {
        let out = concur_today(data.path())
            .args(["export", "--format", "csv", "d"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        stdout(&out)
    };
    let first = export();
    assert!(first.contains("Back text"), "{first}");
    let mut damaged = 0;
    for e in fs::read_dir(data.path().join("cache/decks")).unwrap() {
        let p = e.unwrap().path();
        let mut bytes = fs::read(&p).unwrap();
        if let Some(at) = bytes.windows(9).position(|w| w == b"Back text") {
            bytes[at] = b'H';
            fs::write(&p, &bytes).unwrap();
            damaged += 1;
        }
    }
    assert_eq!(damaged, 1);
    assert_eq!(export(), first);
}
