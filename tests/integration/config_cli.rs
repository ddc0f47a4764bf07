//! `$DATA/config.toml` from the command line: `concur config` says where
//! each setting came from, flags win over the file, a broken file stops
//! every command with `file:line:col`, `NO_COLOR` and `colors = false`.

use std::process::Output;

use tempfile::TempDir;

use crate::common::{concur_today as concur, stdout, write};

const FILE: &str =
    "# my settings\nnew_per_day = 5\nreviews_per_day = 30\n\n[quiz]\ntyped = true\ntime = 25\n";

fn config(data: &TempDir, args: &[&str]) -> Output {
    let out = concur(data.path())
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    out
}

/// The `FROM` column of the row of `key` in `concur config`'s table.
fn source_of(text: &str, key: &str) -> String {
    let row = text
        .lines()
        .find(|l| l.split_whitespace().next() == Some(key))
        .unwrap_or_else(|| panic!("no {key} in {text}"));
    row.split_whitespace().skip(2).collect::<Vec<_>>().join(" ")
}

#[test]
fn config_says_where_each_setting_came_from() {
    let data = TempDir::new().unwrap();
    let none = stdout(&config(&data, &["config"]));
    assert!(none.contains("(none: the defaults apply)"), "{none}");
    assert_eq!(source_of(&none, "new_per_day"), "default");
    assert!(none.contains("reviews_per_day  unlimited"), "{none}");

    write(data.path(), "config.toml", FILE);
    let text = stdout(&config(&data, &["config", "--count", "7"]));
    assert_eq!(source_of(&text, "new_per_day"), "config.toml:2");
    assert_eq!(source_of(&text, "quiz.typed"), "config.toml:6");
    assert_eq!(source_of(&text, "quiz.count"), "command line");
    assert_eq!(source_of(&text, "colors"), "default");

    let json = stdout(&config(&data, &["config", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["found"], true);
    assert_eq!(v["settings"]["reviews_per_day"]["value"], 30);
    assert_eq!(v["settings"]["reviews_per_day"]["source"], "config.toml:3");
    assert_eq!(v["settings"]["quiz.time"]["value"], 25);
    assert_eq!(v["settings"]["quiz.count"]["source"], "default");
}

#[test]
fn flags_win_over_the_file() {
    let data = TempDir::new().unwrap();
    write(data.path(), "config.toml", FILE);
    let args = [
        "--new-per-day",
        "9",
        "config",
        "--reviews-per-day",
        "unlimited",
        "--self-graded",
        "--time",
        "0",
        "--json",
    ];
    let v: serde_json::Value = serde_json::from_str(&stdout(&config(&data, &args))).unwrap();
    let s = &v["settings"];
    for (key, value) in [
        ("new_per_day", serde_json::json!(9)),
        ("reviews_per_day", serde_json::Value::Null),
        ("quiz.typed", serde_json::json!(false)),
        ("quiz.time", serde_json::json!(0)),
    ] {
        assert_eq!(s[key]["value"], value, "{key}: {s}");
        assert_eq!(s[key]["source"], "command line", "{key}: {s}");
    }
    // The caps are the review screen's: other commands refuse them.
    let out = concur(data.path())
        .args(["--reviews-per-day", "3", "due"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = concur(data.path())
        .args(["quiz", "--typed", "--self-graded"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_broken_config_stops_every_command_with_file_line_col() {
    let data = TempDir::new().unwrap();
    let path = write(
        data.path(),
        "config.toml",
        "new_per_day = 5\nreviews_per_dya = 3\n[quiz]\ncount = \"ten\"\n",
    );
    let shown = path.display().to_string();
    for args in [
        &["config"][..],
        &["due"],
        &[],
        &["stats", "--json"],
        &["check"],
        &["quiz"],
        &["demo", "--list"],
    ] {
        let out = concur(data.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {out:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(
            lines,
            [
                format!("concur: error: {shown}:2:1: unknown key `reviews_per_dya` in config.toml: did you mean \"reviews_per_day\"? the keys are new_per_day, reviews_per_day, colors, interview, prep_per_day, quiz"),
                format!("concur: error: {shown}:4:9: `quiz.count` must be a whole number from 1 to 10000, found a string"),
                "concur: error: the settings file has errors: fix them (or move the file away to use the defaults)".to_string(),
            ],
            "{args:?}"
        );
    }
}

#[test]
fn a_config_that_is_not_a_regular_file_is_an_error_not_a_hang() {
    let data = TempDir::new().unwrap();
    std::fs::create_dir(data.path().join("config.toml")).unwrap();
    let out = concur(data.path()).arg("config").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "config.toml:1:1: cannot read the settings file: not a regular file (it is a folder)"
        ),
        "{err}"
    );
    std::fs::remove_dir(data.path().join("config.toml")).unwrap();
    rustix::fs::mknodat(
        rustix::fs::CWD,
        data.path().join("config.toml"),
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
    let out = concur(data.path()).arg("due").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("a FIFO"),
        "{out:?}"
    );
}

#[test]
fn no_color_when_set_and_not_empty_and_colors_false_turn_colour_off() {
    let data = TempDir::new().unwrap();
    let colors = |no_color: Option<&str>| {
        let mut c = concur(data.path());
        c.env_remove("NO_COLOR");
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let out = c.arg("config").output().unwrap();
        source_of(&stdout(&out), "colors")
    };
    assert_eq!(colors(None), "default");
    assert_eq!(
        colors(Some("")),
        "default",
        "empty is not set (no-color.org)"
    );
    assert_eq!(colors(Some("1")), "NO_COLOR");
    write(data.path(), "config.toml", "colors = false\n");
    assert_eq!(colors(None), "config.toml:1");

    // Help obeys the file too, even where colours are forced.
    let help = |data: &TempDir| {
        let out = concur(data.path())
            .env_remove("NO_COLOR")
            .env("CLICOLOR_FORCE", "1")
            .arg("--help")
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout.contains(&0x1b)
    };
    assert!(!help(&data), "colors = false: plain help");
    let other = TempDir::new().unwrap();
    assert!(help(&other), "forced colours reach help otherwise");
}
