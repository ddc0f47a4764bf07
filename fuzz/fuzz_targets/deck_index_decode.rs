//! Any bytes as the deck index's payload (`cache/deck-ids.bin` inside its
//! frame): decoding it, and every entry in it, never panics.
#![no_main]

use concur::deck::cache::ids::{decode, decode_entry};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = decode_entry(data);
    if let Some(index) = decode(data) {
        for body in index.entries.values() {
            let _ = decode_entry(body);
        }
    }
});
