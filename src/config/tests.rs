#![allow(clippy::unwrap_used)]
use super::*;

fn errors(text: &str) -> Vec<String> {
    parse(text.as_bytes(), "/d/config.toml")
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_good_file_sets_every_key_with_its_line() {
    let text = "# mine\nnew_per_day = 5\nreviews_per_day = 1_000\ncolors = false\n\n[quiz]\ntyped = true\ncount = 30\ntime = 45\n";
    let s = parse(text.as_bytes(), "c.toml").unwrap();
    assert_eq!(s.new_per_day.value, 5);
    assert_eq!(s.new_per_day.source, Source::File(2));
    assert_eq!(s.reviews_per_day.value, Some(1000));
    assert!(!s.colors.value);
    assert_eq!(s.colors.source, Source::File(4));
    assert!(s.quiz_typed.value);
    assert_eq!((s.quiz_count.value, s.quiz_time.value), (30, 45));
    assert_eq!(s.quiz_time.source, Source::File(9));
    assert_eq!(s.quiz_time_limit(), Some(45));
}

#[test]
fn an_empty_file_is_the_defaults() {
    let s = parse(b"", "c.toml").unwrap();
    assert_eq!(s, Settings::default());
    assert_eq!(s.reviews_per_day.value, None);
    assert_eq!(s.quiz_time_limit(), None);
    assert!(s.rows().iter().all(|(_, _, src)| *src == Source::Default));
}

#[test]
fn an_unknown_key_says_where_and_what_was_meant() {
    assert_eq!(
        errors("new_per_day = 5\nnew_per_dya = 3\n"),
        [
            "/d/config.toml:2:1: error: unknown key `new_per_dya` in config.toml: did you mean \"new_per_day\"? the keys are new_per_day, reviews_per_day, colors, interview, prep_per_day, quiz"
        ]
    );
    assert_eq!(
        errors("[quiz]\n  cont = 3\n"),
        [
            "/d/config.toml:2:3: error: unknown key `cont` in [quiz]: did you mean \"count\"? the keys are typed, count, time"
        ]
    );
    // Nothing close: no guess.
    let e = errors("holidays = 2027-01-01\n");
    assert!(
        e[0].contains("unknown key `holidays` in config.toml: the keys are"),
        "{e:?}"
    );
}

#[test]
fn a_wrong_type_is_an_error_at_the_value() {
    let e = errors("new_per_day = \"5\"\ncolors = 1\nquiz = 3\n");
    assert_eq!(
        e,
        [
            "/d/config.toml:1:15: error: `new_per_day` must be a whole number from 0 to 100000, found a string",
            "/d/config.toml:2:10: error: `colors` must be true or false (without quotes), found an integer",
            "/d/config.toml:3:8: error: `quiz` must be a table (a [quiz] line, then its keys), found an integer",
        ]
    );
    let e = errors("[quiz]\ntyped = \"yes\"\ntime = 1.5\n");
    assert!(
        e[0].starts_with("/d/config.toml:2:9: error: `quiz.typed` must be true or false"),
        "{e:?}"
    );
    assert!(e[1].starts_with("/d/config.toml:3:8: error: `quiz.time` must be a whole number from 0 to 3600, found a float"), "{e:?}");
}

#[test]
fn values_out_of_range_are_errors() {
    let e = errors("new_per_day = -1\nreviews_per_day = 100001\n[quiz]\ncount = 0\ntime = 3601\n");
    assert_eq!(
        e,
        [
            "/d/config.toml:1:15: error: `new_per_day` is -1: it must be a whole number from 0 to 100000",
            "/d/config.toml:2:19: error: `reviews_per_day` is 100001: it must be a whole number from 0 to 100000",
            "/d/config.toml:4:9: error: `quiz.count` is 0: it must be a whole number from 1 to 10000",
            "/d/config.toml:5:8: error: `quiz.time` is 3601: it must be a whole number from 0 to 3600",
        ]
    );
    // Hexadecimal is TOML too; huge values do not overflow.
    assert_eq!(
        parse(b"new_per_day = 0x10", "c").unwrap().new_per_day.value,
        16
    );
    assert!(errors("new_per_day = 99999999999999999999\n")[0].contains(":1:"));
}

#[test]
fn syntax_errors_bad_bytes_and_huge_files_are_errors() {
    let e = errors("new_per_day = \n");
    assert!(e[0].starts_with("/d/config.toml:1:"), "{e:?}");
    assert!(e[0].contains("TOML syntax"), "{e:?}");
    let e = errors("new_per_day = 1\nnew_per_day = 2\n");
    assert!(
        e[0].contains("TOML syntax") && e[0].contains(":2:"),
        "{e:?}"
    );
    let bad = parse(b"colors = true\n\xff", "c").unwrap_err();
    assert_eq!((bad[0].line, bad[0].col), (2, 1));
    let big = vec![b'#'; MAX_CONFIG_BYTES + 1];
    assert!(parse(&big, "c").unwrap_err()[0].message.contains("KiB"));
    // A hostile key never reaches the terminal raw.
    let e = errors("\"a\\u001b[31m\" = 1\n");
    assert!(!e[0].contains('\u{1b}'), "{e:?}");
}

#[test]
fn flags_win_over_the_file_and_no_color_over_both() {
    let file = parse(
        b"new_per_day = 5\ncolors = true\n[quiz]\ntyped = true\n",
        "c",
    )
    .unwrap();
    let s = file.apply(&Overrides {
        new_per_day: Some(7),
        reviews_per_day: Some(Some(9)),
        quiz_typed: Some(false),
        quiz_count: None,
        quiz_time: Some(0),
        interview: None,
    });
    assert_eq!(
        s.new_per_day,
        Setting {
            value: 7,
            source: Source::CommandLine
        }
    );
    assert_eq!(s.reviews_per_day.value, Some(9));
    assert!(!s.quiz_typed.value);
    assert_eq!(s.quiz_count.source, Source::Default);
    assert_eq!(s.quiz_time.source, Source::CommandLine);
    assert!(s.apply_no_color(None).colors.value);
    assert!(
        s.apply_no_color(Some("".as_ref())).colors.value,
        "empty: not set"
    );
    let off = s.apply_no_color(Some("1".as_ref())).colors;
    assert_eq!(
        off,
        Setting {
            value: false,
            source: Source::NoColor
        }
    );
    let rows = s.rows();
    assert_eq!(
        rows[0],
        ("new_per_day", "7".to_string(), Source::CommandLine)
    );
    assert_eq!(rows[1].1, "9");
    assert_eq!(rows[5].1, "untimed");
    assert_eq!(Source::File(3).to_string(), "config.toml:3");
}

proptest::proptest! {
    #[test]
    fn never_panics_on_any_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
        let _ = parse(&bytes, "c");
    }

    #[test]
    fn never_panics_on_settings_like_text(s in "(new_per_day|reviews_per_day|colors|\\[quiz\\]|typed|count|time|=| |\\n|1|-|\"|true|0x|_)*") {
        let _ = parse(s.as_bytes(), "c");
    }
}

#[test]
fn the_interview_is_a_date_as_a_string_or_a_toml_date() {
    let s = parse(b"interview = \"2027-01-15\"\nprep_per_day = 7\n", "c.toml").unwrap();
    let day = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
    assert_eq!(s.interview.value, Some(day));
    assert_eq!(s.interview.source, Source::File(1));
    assert_eq!(s.prep_per_day.value, 7);
    let s = parse(b"interview = 2027-01-15\n", "c.toml").unwrap();
    assert_eq!(s.interview.value, Some(day));
    assert!(
        s.rows()
            .iter()
            .any(|r| r.0 == "interview" && r.1 == "2027-01-15")
    );
    let e = errors("interview = \"2027-13-01\"\n");
    assert_eq!(
        e[0],
        "/d/config.toml:1:13: error: `interview` is \"2027-13-01\": not a date; write it as \"YYYY-MM-DD\", e.g. \"2027-01-15\""
    );
    let e = errors("interview = 2027-01-15T10:00:00\nprep_per_day = -2\n");
    assert!(
        e[0].contains("`interview` must be a date, as \"YYYY-MM-DD\", found"),
        "{e:?}"
    );
    assert!(e[1].contains("`prep_per_day` is -2"), "{e:?}");
    // The command line wins.
    let o = Overrides {
        interview: Some(day),
        ..Overrides::default()
    };
    let s = Settings::default().apply(&o);
    assert_eq!(s.interview.source, Source::CommandLine);
}
