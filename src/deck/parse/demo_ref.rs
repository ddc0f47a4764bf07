//! A card's `demo` value, read into a [`DemoRef`]: a name from the built-in
//! demo catalog, with optional bounded parameters.

use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;

use super::Reporter;
use super::values::{string, type_name, unknown_key};
use crate::deck::DemoRef;
use crate::text::sanitize;

const DEMO_KEYS: &[&str] = &["name", "workers", "seconds"];

/// A card's `demo`: a demo name from the catalog, or a table with `name`
/// and optional `workers` and `seconds` (clamped to their ranges).
pub(super) fn read_demo(rep: &mut Reporter<'_>, value: &Spanned<DeValue<'_>>) -> Option<DemoRef> {
    let known = |rep: &mut Reporter<'_>, name: &str, span: Range<usize>| -> bool {
        if crate::demo::catalog::find(name).is_some() {
            return true;
        }
        let names: Vec<&str> = crate::demo::catalog::names().collect();
        let hint = names
            .iter()
            .map(|a| (strsim::levenshtein(a, name), *a))
            .filter(|(d, _)| *d <= 3)
            .min()
            .map(|(_, a)| format!("did you mean {a:?}? "))
            .unwrap_or_default();
        rep.error(
            span,
            format!(
                "unknown demo {:?}: {hint}use one of {} (see `concur demo --list`)",
                sanitize(name),
                names.join(", ")
            ),
        );
        false
    };
    match value.get_ref() {
        DeValue::String(s) => known(rep, s, value.span()).then(|| DemoRef {
            name: s.to_string(),
            workers: None,
            seconds: None,
        }),
        DeValue::Table(t) => {
            let mut demo = DemoRef {
                name: String::new(),
                workers: None,
                seconds: None,
            };
            let mut ok = true;
            for (key, v) in t.iter() {
                match key.get_ref().as_ref() {
                    "name" => match string(rep, "name", v) {
                        Some(s) if known(rep, s, v.span()) => demo.name = s.to_string(),
                        _ => ok = false,
                    },
                    k @ ("workers" | "seconds") => {
                        use crate::demo::catalog::{
                            MAX_SECONDS, MAX_WORKERS, MIN_SECONDS, MIN_WORKERS,
                        };
                        let (lo, hi) = if k == "workers" {
                            (MIN_WORKERS, MAX_WORKERS)
                        } else {
                            (MIN_SECONDS, MAX_SECONDS)
                        };
                        let (lo, hi) = (i64::from(lo), i64::from(hi));
                        match v
                            .get_ref()
                            .as_integer()
                            .and_then(|i| i.as_str().parse::<i64>().ok())
                        {
                            Some(raw) => {
                                let used = raw.clamp(lo, hi);
                                if used != raw {
                                    rep.warn(
                                        v.span(),
                                        format!("`demo.{k}` = {raw} is out of range ({lo} to {hi}): {used} is used"),
                                    );
                                }
                                let n = u32::try_from(used).unwrap_or(1);
                                if k == "workers" {
                                    demo.workers = Some(n);
                                } else {
                                    demo.seconds = Some(n);
                                }
                            }
                            None => {
                                ok = false;
                                rep.error(
                                    v.span(),
                                    format!("`demo.{k}` must be a whole number from {lo} to {hi}"),
                                );
                            }
                        }
                    }
                    _ => {
                        ok = false;
                        unknown_key(rep, key, "demo", DEMO_KEYS);
                    }
                }
            }
            if demo.name.is_empty() && ok {
                rep.error(
                    value.span(),
                    "`demo` table has no `name`: add name = \"cpu-bound\"".to_string(),
                );
                ok = false;
            }
            ok.then_some(demo)
        }
        other => {
            let found = type_name(other);
            rep.error(
                value.span(),
                format!("`demo` must be a demo name like \"cpu-bound\", found {found}"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::tests::parse;

    #[test]
    fn demo_table_parameters_are_clamped() {
        let (deck, diags) = parse(
            "[[cards]]\nid=\"a\"\nfront=\"f\"\nback=\"b\"\ndemo = { name = \"cpu-bound\", workers = 1000, seconds = 99 }\n",
        );
        assert_eq!(
            diags,
            vec![
                "t.toml:5:40: warning: `demo.workers` = 1000 is out of range (1 to 64): 64 is used",
                "t.toml:5:56: warning: `demo.seconds` = 99 is out of range (1 to 10): 10 is used",
            ]
        );
        let demo = deck.unwrap().cards[0].demo.clone().unwrap();
        assert_eq!((demo.workers, demo.seconds), (Some(64), Some(10)));
    }

    #[test]
    fn an_unknown_demo_suggests_the_nearest_name() {
        let (_, diags) =
            parse("[[cards]]\nid=\"a\"\nfront=\"f\"\nback=\"b\"\ndemo = \"cpu-bund\"\n");
        assert!(
            diags[0].contains("unknown demo \"cpu-bund\": did you mean \"cpu-bound\"?"),
            "{diags:?}"
        );
    }
}
