//! Any bytes as the review log: replaying it never panics, and every line
//! is either applied or reported as a problem (never both, never neither).
#![no_main]

use std::io::Write;

use concur::store::replay_file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("concur-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("reviews.jsonl");
    let written = std::fs::File::create(&path).and_then(|mut f| f.write_all(data));
    if written.is_err() {
        return;
    }
    let _ = replay_file(&path);
});
