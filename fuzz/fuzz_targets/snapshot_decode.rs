//! Any bytes as the replay snapshot's payload (what is inside its frame:
//! the checksum would stop nearly every input before the decoder) and as a
//! whole snapshot file: decoding never panics, and never sizes memory from
//! a count it has not checked.
#![no_main]

use concur::store::snapshot::decode_payload;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = decode_payload(data);
    let _ = concur::bytes::open_frame(data, b"concurRS", 3);
});
