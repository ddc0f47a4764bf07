#![allow(clippy::unwrap_used)]
use super::*;

fn messages(text: &str) -> Vec<(usize, String)> {
    parse(text)
        .unwrap_err()
        .into_iter()
        .map(|e| (e.offset, e.message))
        .collect()
}

#[test]
fn masks_its_own_number_and_shows_the_others() {
    let s = parse("a {{c1::Process}} has its own memory, {{c2::threads}} share one").unwrap();
    assert_eq!(numbers(&s), vec![1, 2]);
    assert_eq!(
        front(&s, 1),
        "a [...] has its own memory, threads share one"
    );
    assert_eq!(
        front(&s, 2),
        "a Process has its own memory, [...] share one"
    );
    assert_eq!(full(&s), "a Process has its own memory, threads share one");
    assert_eq!(answers(&s, 2), vec!["threads"]);
}

#[test]
fn hints_and_shared_numbers() {
    let s = parse("{{c1::GIL::lock}} and {{c1::one}} {{c3::x::}}").unwrap();
    assert_eq!(numbers(&s), vec![1, 3]);
    assert_eq!(front(&s, 1), "[lock] and [...] x");
    assert_eq!(front(&s, 3), "GIL and one [...]");
    assert_eq!(answers(&s, 1), vec!["GIL", "one"]);
}

#[test]
fn deletions_sit_inside_code_and_code_braces_are_text() {
    let s = parse("`with {{c1::lock}}:` then\n```\nfn f() {{}}\nx = {{c2::1}}\n```").unwrap();
    assert_eq!(
        front(&s, 1),
        "`with [...]:` then\n```\nfn f() {{}}\nx = 1\n```"
    );
    let s = parse("{{c1::`lock`}} and `{{name}}`").unwrap();
    assert_eq!(answers(&s, 1), vec!["`lock`"]);
    assert_eq!(full(&s), "`lock` and `{{name}}`");
    assert!(parse("{{c1::x}} and {{name}}").is_err());
}

#[test]
fn bad_cloze_text_is_reported_with_offsets() {
    assert_eq!(messages("no gaps")[0].0, 0);
    assert!(messages("no gaps")[0].1.contains("no deletion"));
    let m = messages("ab {{c1::x");
    assert_eq!(m[0].0, 3);
    assert!(m[0].1.contains("never closed"), "{m:?}");
    let m = messages("a {{c1:: }} b {{c0::x}} c {{c100::y}} }}");
    let offsets: Vec<usize> = m.iter().map(|e| e.0).collect();
    assert_eq!(offsets, vec![2, 14, 26, 38], "{m:?}");
    assert!(m[0].1.contains("empty deletion"));
    assert!(m[1].1.contains("c1 to c99"));
    assert!(m[3].1.contains("closes no deletion"));
}

#[test]
fn nesting_and_fences_in_a_deletion_are_errors() {
    let m = messages("{{c1::{{c2::x}}}}");
    assert!(m[0].1.contains("do not nest"), "{m:?}");
    let m = messages("{{c1::a\n```\nb\n```\n}}");
    assert!(m[0].1.contains("code fence"), "{m:?}");
}

#[test]
fn a_hundred_deletions_share_the_99_numbers() {
    let text: String = (1..=100)
        .map(|i| format!("{{{{c{}::w{i}}}}} ", (i % 99) + 1))
        .collect();
    let s = parse(&text).unwrap();
    assert_eq!(numbers(&s).len(), 99);
    assert_eq!(answers(&s, 2).len(), 2);
}

#[test]
fn card_ids_and_their_note() {
    assert_eq!(card_id("gil", 2), "gil::c2");
    assert_eq!(note_of_card("gil::c2"), Some("gil"));
    assert_eq!(note_of_card("gil"), None);
    assert_eq!(note_of_card("a::b"), None);
}

proptest::proptest! {
    #[test]
    fn never_panics(s in "(\\{\\{c|\\{\\{c1::|\\{\\{c99::|::|\\}\\}|`|```|\\{|\\}|c|1|0|x|é|\\n| )*") {
        if let Ok(segs) = parse(&s) {
            for n in numbers(&segs) {
                let _ = front(&segs, n);
            }
            let _ = full(&segs);
        }
    }

    #[test]
    fn never_panics_on_any_text(s in "\\PC*") {
        let _ = parse(&s);
    }
}
