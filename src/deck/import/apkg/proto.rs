//! The few protobuf fields concur reads from Anki's schema 18 (the
//! `config` blobs of the `notetypes` and `templates` tables): a note type's
//! kind (`NotetypeConfig.kind`, field 1: 1 is Cloze) and a template's
//! question format (`CardTemplateConfig.q_format`, field 1). A whole
//! protobuf crate and its generated code for two fields would be out of
//! proportion; this reads the wire format (varints and length-delimited
//! fields, skipping the rest) and stops at the first malformed byte.

/// A field's value on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Value<'a> {
    /// Wire type 0.
    Varint(u64),
    /// Wire type 2: bytes, a string or a nested message.
    Bytes(&'a [u8]),
    /// Wire types 1 and 5 (fixed 64 and 32 bits), read past.
    Fixed,
}

/// Reads a varint at the start of `buf`: its value and length.
fn varint(buf: &[u8]) -> Option<(u64, usize)> {
    let mut v: u64 = 0;
    for (i, &b) in buf.iter().enumerate().take(10) {
        v |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

/// The fields of a message, in order, up to the first malformed one.
pub(super) fn fields(mut buf: &[u8]) -> impl Iterator<Item = (u64, Value<'_>)> {
    std::iter::from_fn(move || {
        let (key, n) = varint(buf)?;
        buf = buf.get(n..)?;
        let value = match key & 7 {
            0 => {
                let (v, n) = varint(buf)?;
                buf = buf.get(n..)?;
                Value::Varint(v)
            }
            1 => {
                buf = buf.get(8..)?;
                Value::Fixed
            }
            2 => {
                let (len, n) = varint(buf)?;
                let len = usize::try_from(len).ok()?;
                let body = buf.get(n..n.checked_add(len)?)?;
                buf = buf.get(n + len..)?;
                Value::Bytes(body)
            }
            5 => {
                buf = buf.get(4..)?;
                Value::Fixed
            }
            // Groups (3, 4) are long deprecated; anything else is garbage.
            _ => return None,
        };
        Some((key >> 3, value))
    })
}

/// The first varint field `number` of a message (0 when absent, as proto3
/// reads a missing scalar).
pub(super) fn varint_field(buf: &[u8], number: u64) -> u64 {
    fields(buf)
        .find_map(|(n, v)| match v {
            Value::Varint(x) if n == number => Some(x),
            _ => None,
        })
        .unwrap_or(0)
}

/// The first string field `number` of a message (lossy UTF-8), or "".
pub(super) fn string_field(buf: &[u8], number: u64) -> String {
    fields(buf)
        .find_map(|(n, v)| match v {
            Value::Bytes(b) if n == number => Some(String::from_utf8_lossy(b).into_owned()),
            _ => None,
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fields_anki_writes() {
        // A Cloze note type's config starts `08 01` (kind = 1), then CSS.
        let config = [0x08, 0x01, 0x1a, 0x03, b'c', b's', b's', 0x48, 0x05];
        assert_eq!(varint_field(&config, 1), 1);
        assert_eq!(varint_field(&config, 9), 5);
        assert_eq!(string_field(&config, 3), "css");
        // A template's config: q_format (1) and a_format (2).
        let t = [
            0x0a, 0x02, b'{', b'}', 0x12, 0x01, b'x', 0x40, 0xc3, 0x8b, 0x01,
        ];
        assert_eq!(string_field(&t, 1), "{}");
        assert_eq!(string_field(&t, 2), "x");
        assert_eq!(varint_field(&t, 4), 0);
    }

    #[test]
    fn stops_at_malformed_input() {
        // A length past the end, a group, a varint that never ends.
        assert_eq!(fields(&[0x0a, 0x05, b'a']).count(), 0);
        assert_eq!(fields(&[0x08, 0x01, 0x0b, 0x00]).count(), 1);
        assert_eq!(fields(&[0x08, 0xff, 0xff, 0xff]).count(), 0);
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_read_without_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let n = fields(&bytes).count();
            proptest::prop_assert!(n <= bytes.len());
            let _ = string_field(&bytes, 1);
        }
    }
}
