//! `concur import` on the kinds of Markdown notes people publish: a README
//! with a Front|Back table beside a reference table, exam notes with
//! `**Q:**`/`**A:**` and code answers, Chinese and Japanese notes, a Jekyll
//! page (YAML front matter), a Korean Hugo FAQ (TOML front matter), cloze
//! deletions and highlights. Each test writes the file to a temporary
//! folder, imports it, reads the TOML, and checks it with `concur check`.

use crate::common::{concur, stdout, write};

const README: &str = "# Rust atomics cheat sheet

See <https://marabos.nl/atomics/> for the book.

| Ordering | Guarantees |
|---|---|
| Relaxed | atomicity only |
| SeqCst | a single total order |

| Front | Back |
|---|---|
| What does `Ordering::Acquire` pair with? | `Ordering::Release` |
| Is `fetch_add` one instruction on x86? | yes, `lock xadd` |
";

const JEKYLL: &str = "---
layout: post
title: \"Python concurrency: threads vs processes\"
date: 2024-03-02 10:00:00 +0100
categories: [python, concurrency]
---

Some intro text with a footnote[^gil].

## Flashcards

| Question | Answer |
|-------|------|
| What does the GIL[^gil] protect? | The interpreter's state ([docs][pydocs]) |
| Which module runs code in [separate processes](https://docs.python.org/3/library/multiprocessing.html)? | `multiprocessing` |
| Where is the FAQ[^2]? | <https://docs.python.org/3/faq/> |

**Q:** Is the GIL[^gil] released during I/O? **A:** yes, see [the docs][pydocs] [src][1]

[^gil]: The Global Interpreter Lock.
[pydocs]: https://docs.python.org/3/glossary.html
";

const HUGO_KO: &str = "+++
title = \"동시성 FAQ\"
date = 2023-05-01
weight = 74
+++

## 스레드

**질문:** 스레드와 프로세스의 차이는?

**답변:** 스레드는 메모리를 공유한다.

| 질문 | 답변 |
|---|---|
| GIL이란? | 전역 인터프리터 잠금 |

| 앞면 | 뒷면 |
|---|---|
| 뮤텍스 | 상호 배제 잠금 |
";

const EXAM: &str = "# OS exam notes

**Q:** How do you start a thread in Python?

**A:**

```python
t = threading.Thread(target=work)
t.start()
```

**Q:** What does `join()` do?
**A:** Waits for the thread to finish[^1] ([src][1]).

**Q:** What is a semaphore?

Some unrelated paragraph.

- **Q:** Name the four Coffman conditions. **A:** mutual exclusion, hold and wait, no preemption, circular wait

A {{c1::mutex}} lets {{c2::one thread::how many?}} in at a time.

- a ==Process== has its own memory, ==threads== share one

[^1]: Or until the timeout.
[1]: https://example.com
";

const CJK: &str = "# 并发笔记

问：什么是死锁？
答：两个线程互相等待对方释放资源。

| 问题 | 答案 |
| --- | --- |
| 什么是竞态条件？ | 结果依赖于执行顺序 |

| 正面 | 背面 |
|---|---|
| 互斥锁 | 一次只允许一个线程 |

| 質問 | 答え |
|---|---|
| スレッドとは？ | 実行の単位 |

| 表 | 裏 |
|---|---|
| ロック | 鍵 |
";

/// Imports `md` as `name` with `args`; returns the deck, stderr and the
/// output of `concur check` on it (which must pass).
fn import(name: &str, md: &str, args: &[&str]) -> (toml::Table, String) {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), name, md);
    let out_file = tmp.path().join("out.toml");
    let out = concur(tmp.path())
        .arg("import")
        .arg(&file)
        .args(args)
        .arg("-o")
        .arg(&out_file)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(out.status.success(), "{err}");
    let check = concur(tmp.path())
        .arg("check")
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
    let text = std::fs::read_to_string(&out_file).unwrap();
    (toml::from_str(&text).unwrap(), err)
}

/// Each card's (front or cloze, back).
fn sides(deck: &toml::Table) -> Vec<(String, String)> {
    let s = |c: &toml::Value, k: &str| c.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
    deck["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| match c.get("cloze") {
            Some(_) => (s(c, "cloze"), s(c, "back")),
            None => (s(c, "front"), s(c, "back")),
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_readme_gives_its_front_back_table_and_skips_the_reference_table() {
    let (deck, err) = import("README.md", README, &[]);
    assert_eq!(
        sides(&deck),
        pairs(&[
            (
                "What does `Ordering::Acquire` pair with?",
                "`Ordering::Release`"
            ),
            ("Is `fetch_add` one instruction on x86?", "yes, `lock xadd`"),
        ])
    );
    assert!(
        err.contains("README.md:5: note: 1 table skipped (at line 5): its header names no front and back column (\"Ordering | Guarantees\"); name them Front | Back"),
        "{err}"
    );
    assert!(err.contains("pass --all-tables"), "{err}");
    let (deck, err) = import("README.md", README, &["--all-tables"]);
    assert_eq!(deck["cards"].as_array().unwrap().len(), 4);
    assert_eq!(deck["cards"][0]["front"].as_str(), Some("Relaxed"));
    assert!(!err.contains("skipped"), "{err}");
}

#[test]
fn a_jekyll_page_is_named_by_its_title_and_loses_footnotes_and_link_targets() {
    let (deck, _) = import("post.md", JEKYLL, &[]);
    assert_eq!(
        deck["deck"]["name"].as_str(),
        Some("Python concurrency: threads vs processes")
    );
    assert_eq!(
        deck["deck"]["id"].as_str(),
        Some("python-concurrency-threads-vs-processes")
    );
    assert_eq!(
        sides(&deck),
        pairs(&[
            (
                "What does the GIL protect?",
                "The interpreter's state (docs)"
            ),
            (
                "Which module runs code in separate processes?",
                "`multiprocessing`"
            ),
            ("Where is the FAQ?", "https://docs.python.org/3/faq/"),
            ("Is the GIL released during I/O?", "yes, see the docs"),
        ])
    );
    let ids: Vec<&str> = deck["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids[0], "what-does-the-gil-protect");
    let text = toml::to_string(&deck).unwrap();
    for leftover in ["layout", "[^", "title-", "](http", "[src]", "][", "weight"] {
        assert!(!text.contains(leftover), "{leftover} in {text}");
    }
}

#[test]
fn a_korean_hugo_faq_skips_its_toml_front_matter() {
    let (deck, _) = import("faq.md", HUGO_KO, &[]);
    assert_eq!(deck["deck"]["name"].as_str(), Some("동시성 FAQ"));
    assert_eq!(deck["deck"]["id"].as_str(), Some("dongsiseong-faq"));
    assert_eq!(
        sides(&deck),
        pairs(&[
            ("스레드와 프로세스의 차이는?", "스레드는 메모리를 공유한다."),
            ("GIL이란?", "전역 인터프리터 잠금"),
            ("뮤텍스", "상호 배제 잠금"),
        ])
    );
    assert_eq!(deck["cards"][0]["tags"][0].as_str(), Some("seuredeu"));
}

#[test]
fn exam_notes_keep_code_answers_note_lone_questions_and_read_clozes() {
    let (deck, err) = import("exam.md", EXAM, &[]);
    assert_eq!(
        sides(&deck),
        pairs(&[
            (
                "How do you start a thread in Python?",
                "```python\nt = threading.Thread(target=work)\nt.start()\n```"
            ),
            ("What does `join()` do?", "Waits for the thread to finish."),
            (
                "Name the four Coffman conditions.",
                "mutual exclusion, hold and wait, no preemption, circular wait"
            ),
            (
                "A {{c1::mutex}} lets {{c2::one thread::how many?}} in at a time.",
                ""
            ),
        ])
    );
    assert!(
        err.contains("exam.md:15: note: question without an answer: not imported"),
        "{err}"
    );
    assert!(err.contains("Wrote 5 cards"), "{err}");
    // Highlights are deletions only on request.
    let (deck, _) = import("exam.md", EXAM, &["--cloze-highlights"]);
    let last = sides(&deck).pop().unwrap();
    assert_eq!(
        last.0,
        "a {{c1::Process}} has its own memory, {{c2::threads}} share one"
    );
    assert_eq!(
        deck["cards"].as_array().unwrap().last().unwrap()["id"].as_str(),
        Some("a-process-has-its-own-memory-threads-share-one")
    );
}

#[test]
fn chinese_and_japanese_notes_use_their_own_headers_and_markers() {
    let (deck, err) = import("笔记.md", CJK, &[]);
    assert_eq!(
        sides(&deck),
        pairs(&[
            ("什么是死锁？", "两个线程互相等待对方释放资源。"),
            ("什么是竞态条件？", "结果依赖于执行顺序"),
            ("互斥锁", "一次只允许一个线程"),
            ("スレッドとは？", "実行の単位"),
            ("ロック", "鍵"),
        ])
    );
    assert!(!err.contains("skipped"), "{err}");
    assert_eq!(deck["deck"]["id"].as_str(), Some("bing-fa-bi-ji"));
}

#[test]
fn invalid_cloze_markup_is_an_error_at_its_line_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let md = "# T\n\nfront | back\n--|--\nq | a\n\nA {{c1::lock never closes.\n\n- {{c0::zero}} is not a number\n";
    let file = write(tmp.path(), "bad.md", md);
    let out_file = tmp.path().join("out.toml");
    let out = concur(tmp.path())
        .arg("import")
        .arg(&file)
        .arg("-o")
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad.md:7: error: cloze: deletion is never closed"),
        "{err}"
    );
    assert!(
        err.contains("bad.md:9: error: cloze: deletion number must be c1 to c99"),
        "{err}"
    );
    assert!(err.contains("concur: error: cannot import"), "{err}");
    assert!(!out_file.exists());
    assert!(
        stdout(
            &concur(tmp.path())
                .arg("import")
                .arg(&file)
                .output()
                .unwrap()
        )
        .is_empty()
    );
}
