//! Editing a card in the user's editor: which editor (`$VISUAL`, else
//! `$EDITOR`, else `vi`), its command line (`EDITOR... +LINE PATH`, the form
//! vi, vim, nvim, nano, emacs, micro and helix all accept), and running it.
//! The event loop hands the terminal over around [`run`]
//! (`terminal::suspended`).

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use super::msg::EditRequest;

/// The editor used when neither `$VISUAL` nor `$EDITOR` is set.
pub const FALLBACK: &str = "vi";

/// The editor's program and arguments, from `$VISUAL`, else `$EDITOR`
/// (each may hold arguments, `code -w`, split as a shell would but without
/// one), else [`FALLBACK`]. A variable that is empty counts as unset.
pub fn editor_words(visual: Option<&OsStr>, editor: Option<&OsStr>) -> Result<Vec<String>, String> {
    for (name, value) in [("VISUAL", visual), ("EDITOR", editor)] {
        let Some(value) = value else { continue };
        let text = value.to_string_lossy();
        if text.trim().is_empty() {
            continue;
        }
        return match shell_words::split(&text) {
            Ok(words) if !words.is_empty() => Ok(words),
            Ok(_) => continue,
            Err(e) => Err(format!(
                "${name} ({}) cannot be split into words: {e}; fix its quotes",
                crate::text::sanitize(&text)
            )),
        };
    }
    Ok(vec![FALLBACK.to_string()])
}

/// The command that opens `path` at `line` with the editor `words`.
pub fn command(words: &[String], line: usize, path: &Path) -> Option<Command> {
    let (program, args) = words.split_first()?;
    let mut cmd = Command::new(program);
    cmd.args(args).arg(format!("+{line}")).arg(path);
    Some(cmd)
}

/// Writes the bundled deck's text of `req` to its path unless a file is
/// there already (it is then edited as it is, never overwritten).
fn write_copy(req: &EditRequest) -> Result<(), String> {
    use std::io::Write;
    let Some(text) = req.copy else { return Ok(()) };
    let shown = crate::text::sanitize(&req.path.display().to_string());
    if let Some(dir) = req.path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the folder of {shown}: {e}"))?;
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&req.path);
    match file {
        Ok(mut f) => f
            .write_all(text.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(|e| format!("cannot write the copy {shown}: {e}")),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(format!("cannot create the copy {shown}: {e}")),
    }
}

/// Opens the file of `req` in the editor (from the environment) and waits
/// for it; `Err` says what went wrong, for the app's banner. The caller
/// has handed the terminal over.
pub fn run(req: &EditRequest) -> Result<(), String> {
    write_copy(req)?;
    let words = editor_words(
        std::env::var_os("VISUAL").as_deref(),
        std::env::var_os("EDITOR").as_deref(),
    )?;
    let name = crate::text::sanitize(&words.join(" "));
    let mut cmd = command(&words, req.line, &req.path).ok_or("no editor to run")?;
    match cmd.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!(
            "The editor `{name}` ended with {status}; the deck is loaded as it is on disk."
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "The editor `{name}` was not found: set $VISUAL or $EDITOR to your editor."
        )),
        Err(e) => Err(format!("Could not start the editor `{name}`: {e}.")),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn words(visual: Option<&str>, editor: Option<&str>) -> Result<Vec<String>, String> {
        editor_words(visual.map(OsStr::new), editor.map(OsStr::new))
    }

    #[test]
    fn visual_then_editor_then_vi_and_empty_is_unset() {
        assert_eq!(words(Some("nano"), Some("vim")).unwrap(), ["nano"]);
        assert_eq!(words(None, Some("vim")).unwrap(), ["vim"]);
        assert_eq!(words(Some("  "), Some("vim")).unwrap(), ["vim"]);
        assert_eq!(words(None, None).unwrap(), [FALLBACK]);
        assert_eq!(words(Some(""), Some("")).unwrap(), [FALLBACK]);
    }

    #[test]
    fn arguments_are_split_as_a_shell_would_without_one() {
        assert_eq!(words(Some("code -w"), None).unwrap(), ["code", "-w"]);
        assert_eq!(
            words(None, Some("'/opt/my editor/bin/ed' -nw $HOME")).unwrap(),
            ["/opt/my editor/bin/ed", "-nw", "$HOME"]
        );
        let bad = words(Some("emacs 'oops"), None).unwrap_err();
        assert!(bad.contains("$VISUAL"), "{bad}");
    }

    #[test]
    fn the_line_comes_before_the_path() {
        let cmd = command(
            &["emacs".to_string(), "-nw".to_string()],
            12,
            Path::new("/d/x.toml"),
        )
        .unwrap();
        assert_eq!(cmd.get_program(), "emacs");
        let args: Vec<&OsStr> = cmd.get_args().collect();
        assert_eq!(args, ["-nw", "+12", "/d/x.toml"]);
        assert!(command(&[], 1, Path::new("x")).is_none());
    }

    #[test]
    fn a_copy_is_written_once_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("decks/d.toml");
        let req = EditRequest {
            path: path.clone(),
            line: 1,
            copy: Some("first"),
        };
        write_copy(&req).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        std::fs::write(&path, "edited").unwrap();
        write_copy(&req).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited");
    }
}
