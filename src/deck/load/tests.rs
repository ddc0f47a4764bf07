//! Tests of `load.rs`.

#![allow(clippy::unwrap_used)]
use super::*;

#[test]
fn bundled_decks_load_without_errors() {
    let set = load_decks(&LoadOptions {
        bundled: true,
        ..LoadOptions::default()
    });
    let errors: Vec<String> = set.diagnostics.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(set.decks.len(), BUNDLED.len());
    for deck in &set.decks {
        assert!(deck.cards.iter().all(|c| c.has_explicit_id), "{}", deck.id);
    }
}

#[test]
fn every_demo_named_by_a_shipped_card_exists_and_all_are_used() {
    let set = load_decks(&LoadOptions {
        bundled: true,
        ..LoadOptions::default()
    });
    let used: Vec<&str> = set
        .decks
        .iter()
        .flat_map(|d| d.cards.iter().filter_map(|c| c.demo.as_ref()))
        .map(|d| d.id.name())
        .collect();
    for info in crate::demo::catalog::CATALOG {
        assert!(
            used.contains(&info.name),
            "no shipped card shows the {} demo",
            info.name
        );
    }
}

#[test]
fn three_spellings_of_a_path_are_one_cache_entry_and_gone_files_are_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    std::fs::create_dir_all(&decks).unwrap();
    let text = |id: &str| {
        format!("[deck]\nid = \"{id}\"\n[[cards]]\nid = \"x\"\nfront = \"F\"\nback = \"B\"\n")
    };
    std::fs::write(decks.join("a.toml"), text("a")).unwrap();
    std::fs::write(decks.join("b.toml"), text("b")).unwrap();
    let cache = dir.path().join("cache/decks");
    let spellings = [
        decks.clone(),
        dir.path().join(".").join("decks"),
        dir.path().join("sub/../decks"),
    ];
    let load = |p: &Path| {
        load_deck_ids(&LoadOptions {
            bundled: false,
            paths: vec![p.to_path_buf()],
            optional: Vec::new(),
            cache: Some(cache.clone()),
            lint: false,
        })
    };
    let mut ids = Vec::new();
    for p in &spellings {
        let set = load(p);
        assert_eq!(set.decks.len(), 2);
        assert!(set.decks[0].source.starts_with(&p.display().to_string()));
        ids.push(set.decks.iter().map(|d| d.id.clone()).collect::<Vec<_>>());
        assert_eq!(IdsIndex::read(&cache).entries.len(), 2, "{}", p.display());
    }
    assert!(ids.iter().all(|v| v == &ids[0]));
    // Whole decks go through the same keys (and add the card text).
    let whole = load_decks(&LoadOptions {
        bundled: false,
        paths: vec![spellings[2].clone()],
        optional: Vec::new(),
        cache: Some(cache.clone()),
        lint: false,
    });
    assert_eq!(whole.decks[1].cards[0].front, "F");
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 2);
    // A deck file that is gone loses its entries at the next load.
    std::fs::remove_file(decks.join("b.toml")).unwrap();
    assert_eq!(load(&spellings[1]).decks.len(), 1);
    assert_eq!(IdsIndex::read(&cache).entries.len(), 1);
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1);
}

#[cfg(unix)]
#[test]
fn a_link_with_another_stem_keeps_its_own_default_deck_id() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.toml");
    std::fs::write(
        &real,
        "[[cards]]\nid = \"x\"\nfront = \"F\"\nback = \"B\"\n",
    )
    .unwrap();
    let link = dir.path().join("other/linked.toml");
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let cache = dir.path().join("cache/decks");
    let load = |p: &Path| {
        load_deck_ids(&LoadOptions {
            bundled: false,
            paths: vec![p.to_path_buf()],
            optional: Vec::new(),
            cache: Some(cache.clone()),
            lint: false,
        })
        .decks[0]
            .id
            .clone()
    };
    for _ in 0..2 {
        assert_eq!(load(&real), "real");
        assert_eq!(load(&link), "linked");
    }
}

#[test]
fn every_file_in_decks_is_bundled() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let mut bundled: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
    bundled.sort();
    assert_eq!(on_disk, bundled);
}

#[test]
fn the_ids_kept_of_a_deck_hold_no_more_memory_than_they_need() {
    // Collecting `cards.into_iter().map(|c| c.id)` reuses the cards' buffer
    // in place: 1,000 ids kept about 9,500 ids' worth of memory.
    let mut text = String::from("[deck]\nid = \"d\"\n");
    for i in 0..1000 {
        text.push_str(&format!(
            "[[cards]]\nid = \"c{i}\"\nfront = \"F{i}\"\nback = \"B\"\n"
        ));
    }
    let (deck, diags) = crate::deck::parse_deck(
        text.as_bytes(),
        "d.toml",
        "d",
        DeckSource::Bundled("d.toml"),
    );
    assert!(diags.is_empty(), "{diags:?}");
    let ids = DeckIds::keep(deck.unwrap());
    assert_eq!(ids.cards.len(), 1000);
    assert_eq!(ids.cards.capacity(), 1000);
}

#[test]
fn warnings_are_found_only_with_lint_and_errors_always() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    // a: a near-duplicate front and a card without id (warnings only).
    std::fs::write(
        decks.join("a.toml"),
        "[[cards]]\nid = \"x\"\nfront = \"What is the GIL?\"\nback = \"B\"\n[[cards]]\nid = \"y\"\nfront = \"what is the GIL\"\nback = \"C\"\n[[cards]]\nfront = \"Z\"\nback = \"D\"\n",
    )
    .unwrap();
    // b: a duplicate card id (an error: the deck is skipped).
    std::fs::write(
        decks.join("b.toml"),
        "[[cards]]\nid = \"x\"\nfront = \"F\"\nback = \"B\"\n[[cards]]\nid = \"x\"\nfront = \"G\"\nback = \"C\"\n",
    )
    .unwrap();
    let cache = dir.path().join("cache/decks");
    let opts = |lint: bool, cached: bool| LoadOptions {
        bundled: false,
        paths: vec![decks.clone()],
        optional: Vec::new(),
        cache: cached.then(|| cache.clone()),
        lint,
    };
    let messages = |diags: &[Diagnostic]| -> Vec<String> {
        diags
            .iter()
            .map(|d| format!("{}:{} {d}", d.line, d.col))
            .collect()
    };
    let near = "only in case, spacing or punctuation";
    let check = |set: &Loaded<DeckIds>, lint: bool| {
        let shown = messages(&set.diagnostics);
        assert_eq!(set.decks.len(), 1, "{shown:#?}");
        assert_eq!(set.decks[0].cards.len(), 3);
        assert_eq!(set.errors(), 1, "{shown:#?}");
        assert!(shown.iter().any(|m| m.contains("duplicate card id")));
        let warned = shown.iter().any(|m| m.contains(near));
        assert_eq!(warned, lint, "lint {lint}: {shown:#?}");
        assert_eq!(set.warnings(), if lint { 2 } else { 0 }, "{shown:#?}");
    };
    // Parsed (no cache), then through the cache in every order: a parse
    // without lint is never served as "no warnings" to a caller wanting
    // them, and a parse with lint serves a caller without it unwarned.
    for (lint, cached) in [
        (false, false),
        (true, false),
        (false, true),
        (true, true),
        (false, true),
        (true, true),
    ] {
        check(&load_deck_ids(&opts(lint, cached)), lint);
    }
    // Whole decks (the app's load) go the same way.
    let _ = std::fs::remove_dir_all(dir.path().join("cache"));
    for lint in [false, true, false] {
        let set = load_decks(&opts(lint, true));
        let shown = messages(&set.diagnostics);
        assert_eq!(shown.iter().any(|m| m.contains(near)), lint, "{shown:#?}");
        assert_eq!(set.errors(), 1, "{shown:#?}");
    }
}

#[test]
fn a_users_deck_with_a_bundled_id_replaces_it_in_its_place_and_two_user_decks_clash() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    let text = |id: &str, front: &str| {
        format!("[deck]\nid = \"{id}\"\n[[cards]]\nid = \"x\"\nfront = \"{front}\"\nback = \"B\"\n")
    };
    std::fs::write(decks.join("mine.toml"), text("mine", "M")).unwrap();
    std::fs::write(decks.join("mt-vs-mp.toml"), text("mt-vs-mp", "Copy")).unwrap();
    let cache = dir.path().join("cache/decks");
    let opts = |cache: Option<PathBuf>| LoadOptions {
        bundled: true,
        paths: vec![decks.clone()],
        optional: Vec::new(),
        cache,
        lint: false,
    };
    let bundled_ids: Vec<String> = load_decks(&LoadOptions {
        bundled: true,
        ..LoadOptions::default()
    })
    .decks
    .into_iter()
    .map(|d| d.id)
    .collect();
    let mut expected = bundled_ids.clone();
    expected.push("mine".to_string());
    for cache in [None, Some(cache.clone()), Some(cache.clone())] {
        let whole = load_decks(&opts(cache.clone()));
        let ids = load_deck_ids(&opts(cache));
        assert_eq!(whole.errors(), 0, "{:?}", whole.diagnostics);
        let got: Vec<String> = whole.decks.iter().map(|d| d.id.clone()).collect();
        assert_eq!(got, expected);
        let pos = got.iter().position(|d| d == "mt-vs-mp").unwrap();
        assert_eq!(whole.decks[pos].cards[0].front, "Copy");
        assert_eq!(whole.decks[pos].cards.len(), 1);
        let note = format!(
            "{} replaces the bundled deck mt-vs-mp",
            decks.join("mt-vs-mp.toml").display()
        );
        assert_eq!(whole.notes, std::slice::from_ref(&note));
        // The ids agree with the whole decks (the caches too).
        let id_list: Vec<String> = ids.decks.iter().map(|d| d.id.clone()).collect();
        assert_eq!(id_list, expected);
        assert_eq!(ids.decks[pos].cards, ["x"]);
        assert_eq!(ids.notes, [note]);
    }
    // A second copy of the user's with that id is an error, as before.
    std::fs::write(decks.join("z.toml"), text("mt-vs-mp", "Other")).unwrap();
    let set = load_decks(&opts(None));
    assert_eq!(set.errors(), 1);
    assert!(set.diagnostics[0].message.contains("duplicate deck id"));
    assert_eq!(set.decks.len(), expected.len());
}

#[test]
fn a_bad_cloze_skips_its_cards_and_the_deck_loads_through_every_path() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("c.toml"),
        "[[cards]]\nid = \"ok\"\nfront = \"F\"\nback = \"B\"\n[[cards]]\nid = \"bad\"\ncloze = \"x {{c1::\"\n[[cards]]\nid = \"z\"\ncloze = \"{{c1::a}} {{c2::b}}\"\n",
    )
    .unwrap();
    let cache = dir.path().join("cache/decks");
    let opts = |cached: bool| LoadOptions {
        bundled: false,
        paths: vec![decks.clone()],
        optional: Vec::new(),
        cache: cached.then(|| cache.clone()),
        lint: false,
    };
    for cached in [false, true, true] {
        let ids = load_deck_ids(&opts(cached));
        assert_eq!(ids.decks.len(), 1, "{:?}", ids.diagnostics);
        assert_eq!(ids.decks[0].cards, vec!["ok", "z::c1", "z::c2"]);
        assert_eq!((ids.errors(), ids.card_errors), (1, 1));
        let whole = load_decks(&opts(cached));
        assert_eq!(whole.decks[0].cards.len(), 3);
        assert_eq!((whole.errors(), whole.card_errors), (1, 1));
    }
}

#[test]
fn files_parsed_on_many_threads_give_what_one_thread_gives_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for i in 0..40 {
        let path = dir.path().join(format!("d{i:02}.toml"));
        let mut text = format!("[deck]\nid = \"deck-{}\"\n", i % 37);
        // Sizes differ, so threads finish out of order.
        for c in 0..(i * 7 % 23 + 1) {
            text.push_str(&format!(
                "\n[[cards]]\nid = \"c{c}\"\nfront = \"Question {c} of {i}\"\nback = \"B\"\n"
            ));
        }
        match i % 5 {
            0 => text.push_str("\n[[cards]]\nid = \"c0\"\nfront = \"again\"\nback = \"B\"\n"),
            1 => text.push_str("\n[[cards]]\nfront = 3\n"),
            2 => text.push_str("\n[[cards]]\nfront = \"Question 0 of 2\"\nback = \"C\"\n"),
            _ => {}
        }
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    files.push(dir.path().join("missing.toml"));
    for lint in [false, true] {
        let one = load_files_on::<Deck>(&files, None, lint, 1);
        assert!(one.iter().any(|((d, _), _)| d.is_none()));
        assert!(one.iter().any(|((_, diags), _)| !diags.is_empty()));
        for workers in [2, 4, 16] {
            let many = load_files_on::<Deck>(&files, None, lint, workers);
            assert!(many == one, "{workers} workers, lint {lint}");
        }
    }
}
