//! Any bytes as a whole-deck cache entry's payload (`cache/decks/*.bin`
//! inside its frame): decoding never panics, and what decodes encodes back
//! to the same bytes (nothing is read that is not kept).
#![no_main]

use concur::deck::cache::{decode_entry, encode_entry};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(e) = decode_entry(data) {
        let again = encode_entry(&e.key, e.hash, e.linted, e.deck.as_ref(), &e.diagnostics);
        assert_eq!(again, data, "decoded {e:?}");
    }
});
