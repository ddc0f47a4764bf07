//! Interned card keys: each (deck id, card id) gets a dense index once, and
//! the replay works on a flat table of histories by that index. No nested
//! maps: card ids in one arena, each card's deck by a dense deck index (so
//! a snapshot's block of ids becomes the arena in one copy,
//! [`CardTable::with_ids`]). A log line costs at most one hash probe, and
//! none when its card is the one after the last line's in the table (as when
//! a deck's cards come in the order first seen).

use std::hash::{BuildHasher, Hasher};

use hashbrown::HashTable;

use super::replay::CardHistory;

/// (deck, card) -> dense index -> [`CardHistory`].
#[derive(Debug, Clone, Default)]
pub struct CardTable {
    index: HashTable<u32>,
    hasher: hashbrown::DefaultHashBuilder,
    keys: Keys,
    hist: Vec<CardHistory>,
    /// Deck id -> dense deck index ([`Keys::deck_names`] goes back).
    deck_index: hashbrown::HashMap<String, u32>,
    /// The index [`CardTable::intern`] gave last.
    last: Option<usize>,
    /// True if that one was the one after the one before: then the one
    /// after it is tried first.
    in_order: bool,
    /// True while the histories are held apart ([`CardTable::split_histories`]):
    /// a new card then gets no history here.
    apart: bool,
}

/// The ids of every card, by index.
#[derive(Debug, Clone, Default)]
struct Keys {
    /// Card ids, one after the other.
    text: String,
    /// Per index: (start in `text`, card id length).
    spans: Vec<(u32, u32)>,
    /// Per index: the card's deck and the start of its id.
    heads: Vec<Head>,
    /// Dense deck index -> deck id.
    deck_names: Vec<String>,
    /// Per index: the hash of the card's key ([`hash_of`]).
    hashes: Vec<u32>,
}

/// What a card's key is compared by first: its deck, its id's length and
/// [`words`], in one record, so that a lookup of an id of up to 16 bytes
/// (most are) reads one record of the card and not also its span and then
/// its id in `text`, each a likely cache miss when the log's cards come in
/// random order.
#[derive(Debug, Clone, Copy, Default)]
struct Head {
    deck: u32,
    len: u32,
    words: [u64; 2],
}

/// The cards looked up at once ([`CardTable::find_group`]).
const GROUP: usize = 32;

impl Head {
    fn of(deck: u32, card: &[u8]) -> Head {
        Head {
            deck,
            len: to_u32(card.len()),
            words: words(card),
        }
    }
}

/// An id's first and last eight bytes (overlapping when it has fewer than
/// 16), or, when it has fewer than eight, its bytes zero-padded: with its
/// length, the whole id when it has at most 16 bytes. Read without a call
/// to `memcpy`, which costs more than the compare.
#[inline]
fn words(b: &[u8]) -> [u64; 2] {
    if let (Some(first), Some(last)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        return [u64::from_le_bytes(*first), u64::from_le_bytes(*last)];
    }
    let mut w = 0u64;
    for (k, &x) in b.iter().enumerate() {
        w |= u64::from(x) << (8 * k);
    }
    [w, 0]
}

impl Keys {
    /// Where the card id at `i` is in `text` (empty past the end).
    #[inline]
    fn span(&self, i: usize) -> std::ops::Range<usize> {
        self.spans.get(i).map_or(0..0, |&(start, len)| {
            let s = start as usize;
            s..s + len as usize
        })
    }

    /// The card id at `i`.
    fn card(&self, i: usize) -> &str {
        self.text.get(self.span(i)).unwrap_or("")
    }

    /// The card id at `i`, as bytes (to compare: no UTF-8 boundary to
    /// check).
    #[inline]
    fn card_bytes(&self, i: usize) -> &[u8] {
        self.text.as_bytes().get(self.span(i)).unwrap_or_default()
    }

    /// True if the id of the card at `i` is `card`: by its head alone
    /// when the id has at most 16 bytes.
    #[inline]
    fn id_is(&self, i: usize, head: &Head, card: &[u8]) -> bool {
        head.len as usize == card.len()
            && head.words == words(card)
            && (card.len() <= 16 || same(self.card_bytes(i), card))
    }

    /// True if the card at `i` is `card` of the deck at dense index `d`.
    #[inline]
    fn is(&self, i: usize, d: u32, card: &str) -> bool {
        self.heads
            .get(i)
            .is_some_and(|h| h.deck == d && self.id_is(i, h, card.as_bytes()))
    }

    /// True if the card at `i` is `card` of the deck `deck`.
    #[inline]
    fn is_named(&self, i: usize, deck: &str, card: &str) -> bool {
        self.heads
            .get(i)
            .is_some_and(|h| self.head_is_named(i, h, deck, card))
    }

    /// [`Self::is_named`], given the card's head (read earlier).
    #[inline]
    fn head_is_named(&self, i: usize, h: &Head, deck: &str, card: &str) -> bool {
        self.id_is(i, h, card.as_bytes())
            && self
                .deck_names
                .get(h.deck as usize)
                .is_some_and(|n| same(n.as_bytes(), deck.as_bytes()))
    }

    /// The (deck, card) ids at `i`.
    #[inline]
    fn key(&self, i: usize) -> (&str, &str) {
        let Some(d) = self.heads.get(i).map(|h| h.deck) else {
            return ("", "");
        };
        (
            self.deck_names.get(d as usize).map_or("", String::as_str),
            self.card(i),
        )
    }

    /// Records the ids of the next index: deck `d` and the `len` bytes of
    /// `text` from `start`, whose key's hash is `hash`.
    fn push(&mut self, d: u32, start: usize, len: usize, hash: u32) {
        self.hashes.push(hash);
        let card = self
            .text
            .as_bytes()
            .get(start..start + len)
            .unwrap_or_default();
        self.heads.push(Head::of(d, card));
        self.spans.push((to_u32(start), to_u32(len)));
    }
}

/// `a == b`, by a compare of two (overlapping) words for up to 16 bytes:
/// the ids of a log are short, and a call to `memcmp` costs more than the
/// compare.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let words = |x: &[u8]| {
        let first = u64::from_le_bytes(*x.first_chunk()?);
        let last = u64::from_le_bytes(*x.last_chunk()?);
        Some((first, last))
    };
    match (words(a), words(b)) {
        (Some(wa), Some(wb)) if a.len() <= 16 => wa == wb,
        _ => a == b,
    }
}

/// The 32-bit hash of a (deck, card) key.
#[inline(always)]
fn hash_of(hasher: &hashbrown::DefaultHashBuilder, (deck, card): (&str, &str)) -> u32 {
    let mut h = hasher.build_hasher();
    h.write(deck.as_bytes());
    h.write_u8(0xff);
    h.write(card.as_bytes());
    // The high half: foldhash mixes its last step into every bit.
    (h.finish() >> 32) as u32
}

/// A 32-bit hash as the index's 64-bit one: the index takes a bucket from
/// the low bits and a tag from the top seven, both of the 32 then.
#[inline(always)]
fn spread(h: u32) -> u64 {
    u64::from(h) | (u64::from(h) << 32)
}

/// The index's hash of the card at `j`, whose key's hash is in `hashes`:
/// growing the index reads it there, not the key (a cache miss or three
/// each, in a table in random order).
#[inline]
fn placed(hashes: &[u32], j: &u32) -> u64 {
    spread(hashes.get(*j as usize).copied().unwrap_or(0))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl CardTable {
    /// An empty table with room for `cards` cards whose card ids total
    /// `text` bytes.
    pub fn with_capacity(cards: usize, text: usize) -> CardTable {
        CardTable {
            index: HashTable::with_capacity(cards),
            keys: Keys {
                text: String::with_capacity(text),
                spans: Vec::with_capacity(cards),
                heads: Vec::with_capacity(cards),
                deck_names: Vec::new(),
                hashes: Vec::with_capacity(cards),
            },
            hist: Vec::with_capacity(cards),
            ..CardTable::default()
        }
    }

    /// An empty table with room for `cards` cards, whose card ids will be
    /// `ids`, one after the other, given by [`Self::push_next`].
    pub fn with_ids(cards: usize, ids: &str) -> CardTable {
        let mut t = CardTable::with_capacity(cards, 0);
        t.keys.text = ids.to_string();
        t
    }

    /// The ids of the card at `i`.
    #[inline]
    pub fn key(&self, i: usize) -> (&str, &str) {
        self.keys.key(i)
    }

    /// The index of a card, if it has one.
    pub fn find(&self, deck: &str, card: &str) -> Option<usize> {
        let h = hash_of(&self.hasher, (deck, card));
        self.index
            .find(spread(h), |&i| self.keys.is_named(i as usize, deck, card))
            .map(|&i| i as usize)
    }

    /// The index of each card of the deck `deck`, in the order given, by one
    /// lookup of the deck: a card whose index follows the previous card's
    /// (the table keeps cards in the order first seen, which is often the
    /// deck's) is found by comparing its id there, and only the others by
    /// their hash; a deck the table does not name costs no lookup at all.
    pub fn slots<'c>(
        &self,
        deck: &str,
        cards: impl ExactSizeIterator<Item = &'c str>,
    ) -> Vec<Option<usize>> {
        let Some(d) = self.find_deck(deck) else {
            return vec![None; cards.len()];
        };
        let cards: Vec<&str> = cards.collect();
        let mut out = Vec::with_capacity(cards.len());
        // The index after the last card's, while the cards come in the
        // table's order: tried first. Once they do not, the cards are
        // looked up a group at a time ([`Self::find_group`]) until two
        // found one after the other say they do again.
        let mut next = None;
        let mut last: Option<usize> = None;
        for group in cards.chunks(GROUP) {
            let mut found = [None; GROUP];
            let grouped = next.is_none();
            if grouped {
                let key = |k: usize| (deck, group.get(k).copied().unwrap_or(""));
                self.find_group(group.len(), key, &mut found);
            }
            for (card, known) in group.iter().zip(found) {
                let slot = if grouped {
                    known
                } else {
                    next.filter(|&i| self.keys.is(i, d, card))
                        .or_else(|| self.find(deck, card))
                };
                next = slot
                    .filter(|&i| last.map(|l| l + 1) == Some(i))
                    .map(|i| i + 1);
                last = slot;
                out.push(slot);
            }
        }
        out
    }

    /// The index of a card, given one if it has none yet. While cards
    /// come in the table's order (the one after the last one given), the
    /// next one is tried first, without hashing.
    pub fn intern(&mut self, deck: &str, card: &str) -> usize {
        let next = self.last.map_or(0, |i| i + 1);
        let i = if self.in_order && self.keys.is_named(next, deck, card) {
            next
        } else {
            self.intern_hashed(deck, card)
        };
        self.in_order = i == next;
        self.last = Some(i);
        i
    }

    /// [`Self::intern`] of each (deck, card) in turn, with the card's deck
    /// index: the same indexes. Unless the cards come in the table's order,
    /// the cards of a group are first looked up together without changing
    /// the table ([`Self::find_group`]); then each is interned in turn (a
    /// card found keeps its index; one not found is given the next).
    pub(crate) fn intern_all(&mut self, keys: &[(&str, &str)]) -> Vec<(usize, u32)> {
        let mut out = Vec::with_capacity(keys.len());
        for group in keys.chunks(GROUP) {
            let mut found = [None; GROUP];
            if !self.in_order {
                let key = |k: usize| group.get(k).copied().unwrap_or(("", ""));
                self.find_group(group.len(), key, &mut found);
            }
            for ((deck, card), known) in group.iter().zip(found) {
                let i = match known {
                    Some(i) => {
                        let next = self.last.map_or(0, |l| l + 1);
                        self.in_order = i == next;
                        self.last = Some(i);
                        i
                    }
                    None => self.intern(deck, card),
                };
                out.push((i, self.deck_of(i)));
            }
        }
        out
    }

    /// [`Self::find`] of each of the `n` (at most [`GROUP`]) cards `key`
    /// gives, in four passes: the first hashes them, the second takes each
    /// card's candidate index (the first entry of its hash's probe whose
    /// tag matches), the third reads each candidate's head, the fourth
    /// compares the ids. The loads of each pass are independent of each
    /// other, so the processor has many of their cache misses under way at
    /// once, where one whole lookup after another meets them a few at a
    /// time. A candidate that is not
    /// the card (another card's tag matched) leaves the card to a whole
    /// [`Self::find`].
    fn find_group<'k>(
        &self,
        n: usize,
        key: impl Fn(usize) -> (&'k str, &'k str),
        found: &mut [Option<usize>; GROUP],
    ) {
        let n = n.min(GROUP);
        let mut hashes = [0u32; GROUP];
        for (k, h) in hashes.iter_mut().enumerate().take(n) {
            *h = hash_of(&self.hasher, key(k));
        }
        let mut cand = [None; GROUP];
        for (c, &h) in cand.iter_mut().zip(&hashes).take(n) {
            *c = self.index.iter_hash(spread(h)).next().map(|&i| i as usize);
        }
        let mut heads = [None; GROUP];
        for (head, c) in heads.iter_mut().zip(cand).take(n) {
            *head = c.and_then(|i| self.keys.heads.get(i)).copied();
        }
        for (k, (slot, (c, head))) in found
            .iter_mut()
            .zip(cand.into_iter().zip(heads))
            .enumerate()
            .take(n)
        {
            let (deck, card) = key(k);
            *slot = c
                .zip(head)
                .filter(|(i, h)| self.keys.head_is_named(*i, h, deck, card))
                .map(|(i, _)| i)
                .or_else(|| self.find(deck, card));
        }
    }

    /// [`Self::intern`] by the hash of the card.
    #[inline]
    fn intern_hashed(&mut self, deck: &str, card: &str) -> usize {
        let h = hash_of(&self.hasher, (deck, card));
        let keys = &self.keys;
        match self
            .index
            .find(spread(h), |&i| keys.is_named(i as usize, deck, card))
        {
            Some(&i) => i as usize,
            None => self.insert_new(h, deck, card),
        }
    }

    /// Gives a card not in the table (its hash `h`) the next index.
    #[inline(never)]
    fn insert_new(&mut self, h: u32, deck: &str, card: &str) -> usize {
        let i = self.keys.spans.len();
        let d = self.intern_deck(deck);
        let start = self.keys.text.len();
        self.keys.text.push_str(card);
        self.keys.push(d, start, card.len(), h);
        if !self.apart {
            self.hist.push(CardHistory::default());
        }
        let hashes = &self.keys.hashes;
        self.index
            .insert_unique(spread(h), to_u32(i), |j| placed(hashes, j));
        i
    }

    /// The next card of a table made by [`Self::with_ids`]: of the deck at
    /// dense index `deck` (see [`Self::intern_deck`]), its id the next
    /// `len` bytes of the ids, with the history `h`. `None` if the deck has
    /// no index, the id is not there, or the card already has an index.
    /// One hash probe and no copy of the id: for a table decoded in the
    /// order it was written.
    pub fn push_next(&mut self, deck: u32, len: usize, h: CardHistory) -> Option<()> {
        let start = self.ids_used();
        let keys = &self.keys;
        let name = keys.deck_names.get(deck as usize)?;
        let card = keys.text.get(start..start.checked_add(len)?)?;
        let hash = hash_of(&self.hasher, (name, card));
        let entry = self.index.entry(
            spread(hash),
            |&i| keys.is_named(i as usize, name, card),
            |j| placed(&keys.hashes, j),
        );
        let hashbrown::hash_table::Entry::Vacant(vacant) = entry else {
            return None;
        };
        vacant.insert(to_u32(keys.spans.len()));
        self.keys.push(deck, start, len, hash);
        self.hist.push(h);
        Some(())
    }

    /// The bytes of card ids the table holds.
    pub fn ids_len(&self) -> usize {
        self.keys.text.len()
    }

    /// The end of the last card's id in the ids: with [`Self::ids_len`],
    /// whether [`Self::push_next`] used them all.
    pub fn ids_used(&self) -> usize {
        self.keys
            .spans
            .last()
            .map_or(0, |&(s, l)| s as usize + l as usize)
    }

    /// The number of decks with a dense index.
    pub fn deck_count(&self) -> usize {
        self.keys.deck_names.len()
    }

    /// The dense index of a deck id, given one if it has none yet.
    pub fn intern_deck(&mut self, deck: &str) -> u32 {
        let next = to_u32(self.keys.deck_names.len());
        let d = *self.deck_index.entry_ref(deck).or_insert(next);
        if d == next {
            self.keys.deck_names.push(deck.to_string());
        }
        d
    }

    /// The dense index of a deck id, if it has one.
    pub fn find_deck(&self, deck: &str) -> Option<u32> {
        self.deck_index.get(deck).copied()
    }

    /// The deck id of a dense deck index.
    pub fn deck_name(&self, d: u32) -> &str {
        self.keys
            .deck_names
            .get(d as usize)
            .map_or("", String::as_str)
    }

    /// The dense deck index of the card at `i`.
    pub fn deck_of(&self, i: usize) -> u32 {
        self.keys.heads.get(i).map_or(0, |h| h.deck)
    }

    /// Takes the histories out, as a table of histories alone, so that
    /// cards can be interned here while lines are applied to the histories
    /// elsewhere ([`CardTable::history_mut`]); [`CardTable::join_histories`]
    /// puts them back.
    pub fn split_histories(&mut self) -> CardTable {
        self.apart = true;
        CardTable {
            hist: std::mem::take(&mut self.hist),
            ..CardTable::default()
        }
    }

    /// Puts back the histories of [`CardTable::split_histories`], each
    /// card interned meanwhile with a new one if it got none.
    pub fn join_histories(&mut self, histories: CardTable) {
        self.apart = false;
        self.hist = histories.hist;
        self.hist
            .resize(self.keys.spans.len(), CardHistory::default());
    }

    /// The history at `i` of a table of histories alone
    /// ([`CardTable::split_histories`]), made for a card interned since.
    pub fn history_mut(&mut self, i: usize) -> Option<&mut CardHistory> {
        if i >= self.hist.len() {
            self.hist.resize(i + 1, CardHistory::default());
        }
        self.hist.get_mut(i)
    }

    /// The history at `i`.
    pub fn get(&self, i: usize) -> Option<&CardHistory> {
        self.hist.get(i)
    }

    /// The history at `i`, to change.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut CardHistory> {
        self.hist.get_mut(i)
    }

    /// The history slot of a card, created if missing.
    #[cfg(test)]
    pub fn slot(&mut self, deck: &str, card: &str) -> &mut CardHistory {
        let i = self.intern(deck, card);
        // `intern` pushed a history for every index it gave out.
        &mut self.hist[i]
    }

    /// Number of cards.
    pub fn len(&self) -> usize {
        self.hist.len()
    }

    /// Every card: (deck, card, history), in the order first seen.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &CardHistory)> {
        self.hist.iter().enumerate().map(|(i, h)| {
            let (d, c) = self.key(i);
            (d, c, h)
        })
    }
}

impl PartialEq for CardTable {
    /// The same cards with the same histories, in any order.
    fn eq(&self, other: &CardTable) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(d, c, h)| other.find(d, c).and_then(|i| other.get(i)) == Some(h))
    }
}

impl Eq for CardTable {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// (deck, card) keys as [`CardTable::intern_all`] takes them.
    fn strs(keys: &[(String, String)]) -> Vec<(&str, &str)> {
        keys.iter().map(|(d, c)| (d.as_str(), c.as_str())).collect()
    }

    /// [`CardTable::intern`] of each key in turn, with its deck.
    fn intern_each(t: &mut CardTable, keys: &[(String, String)]) -> Vec<(usize, u32)> {
        strs(keys)
            .into_iter()
            .map(|(d, c)| {
                let i = t.intern(d, c);
                (i, t.deck_of(i))
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn interning_a_batch_gives_what_interning_each_line_gives(
            keys in proptest::collection::vec((0..3u8, 0..40u8), 0..200),
            cut in 0..200usize,
        ) {
            let keys: Vec<(String, String)> =
                keys.iter().map(|(d, c)| (format!("d{d}"), format!("c{c}"))).collect();
            let mut one = CardTable::default();
            let each = intern_each(&mut one, &keys);
            let mut all = CardTable::default();
            let (a, b) = keys.split_at(cut.min(keys.len()));
            let mut got = all.intern_all(&strs(a));
            got.extend(all.intern_all(&strs(b)));
            proptest::prop_assert_eq!(got, each);
            let keys = |t: &CardTable| (0..t.len()).map(|i| t.key(i)).map(|(d, c)| (d.to_string(), c.to_string())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(keys(&all), keys(&one));
        }
    }

    #[test]
    fn ids_that_share_their_head_or_differ_past_it_are_told_apart() {
        let ids = [
            "",
            "a",
            "a\0",
            "card-0001",
            "card-0001x",
            "0123456789abcdef",
            "0123456789abcdeF",
            "0123456789abcdef0",
            "0123456789abcdef1",
            "0123456789abcdef01",
            "0123456789abcdef\0",
            "é0123456789abcde",
            "é0123456789abcdé",
        ];
        let mut t = CardTable::default();
        let mut given = Vec::new();
        for deck in ["d", "e", "d0123456789abcdef0"] {
            for id in ids {
                given.push(((deck, id), t.intern(deck, id)));
            }
        }
        let distinct: std::collections::HashSet<usize> = given.iter().map(|&(_, i)| i).collect();
        assert_eq!(distinct.len(), given.len());
        for &((deck, id), i) in &given {
            assert_eq!(t.intern(deck, id), i);
            assert_eq!(t.find(deck, id), Some(i));
            assert_eq!(t.key(i), (deck, id));
            let d = t.find_deck(deck).unwrap();
            assert_eq!(t.slots(deck, [id].into_iter()), vec![Some(i)]);
            assert_eq!(t.deck_of(i), d);
        }
        assert_eq!(t.find("d", "0123456789abcdef2"), None);
        assert_eq!(t.find("f", "a"), None);
    }

    #[test]
    fn histories_split_off_while_cards_are_interned_come_back_in_place() {
        let mut whole = CardTable::default();
        whole.intern("d", "a");
        let mut ids = whole.clone();
        let mut hist = ids.split_histories();
        // Interned apart: the new cards get no history here...
        let b = ids.intern("d", "b");
        let c = ids.intern("e", "c");
        assert_eq!((b, c, ids.len()), (1, 2, 0));
        // ...and are given theirs where the lines are applied, in any order.
        hist.history_mut(c).unwrap().drills = 3;
        hist.history_mut(0).unwrap().crams = 1;
        ids.join_histories(hist);
        whole.intern("d", "b");
        whole.intern("e", "c");
        whole.get_mut(2).unwrap().drills = 3;
        whole.get_mut(0).unwrap().crams = 1;
        let all = |t: &CardTable| -> Vec<(String, String, CardHistory)> {
            t.iter()
                .map(|(d, c, h)| (d.to_string(), c.to_string(), *h))
                .collect()
        };
        assert_eq!(all(&ids), all(&whole));
        // Joined, a new card gets its history here again.
        assert_eq!(ids.intern("e", "z"), 3);
        assert_eq!(ids.len(), 4);
    }

    #[test]
    fn keys_are_interned_once_and_never_confused() {
        let mut t = CardTable::default();
        let a = t.intern("ab", "c");
        let b = t.intern("a", "bc");
        assert_ne!(a, b, "the split between deck and card is part of the key");
        assert_eq!(t.intern("ab", "c"), a);
        assert_eq!(t.find("a", "bc"), Some(b));
        assert_eq!(t.find("a", "b"), None);
        for i in 0..10_000 {
            t.intern("d", &format!("c{i}"));
        }
        assert_eq!(t.len(), 10_002);
        assert_eq!(t.key(a), ("ab", "c"));
        assert_eq!(t.find("d", "c9999").map(|i| t.key(i)), Some(("d", "c9999")));
        t.slot("d", "c5").card.reviews = 3;
        assert_eq!(t.get(t.find("d", "c5").unwrap()).unwrap().card.reviews, 3);
        let d = t.deck_of(t.find("d", "c7").unwrap());
        assert_eq!((t.deck_name(d), t.find_deck("d")), ("d", Some(d)));
        assert_ne!(t.deck_of(a), d);
        assert_eq!(t.find_deck("zz"), None);
    }

    proptest::proptest! {
        #[test]
        fn intern_gives_indices_in_the_order_first_seen_whatever_the_order(
            lines in proptest::collection::vec((0usize..3, 0usize..6), 0..60),
            runs in proptest::collection::vec(0usize..3, 0..4),
        ) {
            // Lines of a few decks and cards, and runs of a deck's cards in
            // order (the case interning guesses).
            let mut keys: Vec<(String, String)> = lines
                .iter()
                .map(|&(d, c)| (format!("d{d}"), format!("c{c}")))
                .collect();
            for d in runs {
                keys.extend((0..6).map(|c| (format!("d{d}"), format!("c{c}"))));
            }
            let mut t = CardTable::default();
            let mut seen: Vec<&(String, String)> = Vec::new();
            for k in &keys {
                let want = seen.iter().position(|s| *s == k).unwrap_or_else(|| {
                    seen.push(k);
                    seen.len() - 1
                });
                proptest::prop_assert_eq!(t.intern(&k.0, &k.1), want);
                proptest::prop_assert_eq!(t.find(&k.0, &k.1), Some(want));
                proptest::prop_assert_eq!(t.key(want), (k.0.as_str(), k.1.as_str()));
            }
            proptest::prop_assert_eq!(t.len(), seen.len());
        }
    }

    proptest::proptest! {
        #[test]
        fn words_tell_ids_of_up_to_16_bytes_apart(
            a in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..=16),
            flip in proptest::prelude::any::<proptest::sample::Index>(),
            to in proptest::prelude::any::<u8>(),
        ) {
            let mut b = a.clone();
            if !b.is_empty() {
                let i = flip.index(b.len());
                b[i] = to;
            }
            proptest::prop_assert_eq!(words(&a) == words(&b), a == b);
        }
    }

    #[test]
    fn same_is_equality() {
        let ids = [
            "",
            "a",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefgi",
            "bbcdefgh",
            "abcdefghi",
        ];
        let long = ["abcdefghijklmnop", "abcdefghijklmnoq", "abcdefghijklmnopq"];
        for a in ids.iter().chain(&long) {
            for b in ids.iter().chain(&long) {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
            }
        }
        assert!(!same(b"abcdefghXjklmnop", b"abcdefghijklmnop"));
        assert!(!same(
            b"abcdefghijklmnopXrstuvwx",
            b"abcdefghijklmnopqrstuvwx"
        ));
    }

    proptest::proptest! {
        #[test]
        fn slots_are_those_find_gives(
            interned in proptest::collection::vec((0..2u8, 0..30u8), 0..80),
            asked in proptest::collection::vec(0..34u8, 0..60),
            run in 0..34u8,
        ) {
            // Tables in and out of a deck's order, asked in any order, with
            // runs in the table's order and ids it does not have.
            let mut t = CardTable::default();
            for (d, c) in interned {
                t.intern(&format!("d{d}"), &format!("c{c}"));
            }
            let ids: Vec<String> = asked
                .iter()
                .chain(&(0..run).collect::<Vec<_>>())
                .map(|c| format!("c{c}"))
                .collect();
            for deck in ["d0", "d1", "d2"] {
                let want: Vec<_> = ids.iter().map(|c| t.find(deck, c)).collect();
                proptest::prop_assert_eq!(t.slots(deck, ids.iter().map(String::as_str)), want);
            }
        }
    }

    #[test]
    fn cards_whose_hashes_collide_are_told_apart() {
        // Two ids of one deck with the same 32-bit hash under this table's
        // (randomly seeded) hasher: the first of a probe's entries with
        // that hash is the other card for one of them.
        let mut t = CardTable::default();
        let mut seen = std::collections::HashMap::new();
        let (a, b) = (0u32..)
            .find_map(|k| {
                let id = format!("c{k}");
                let h = hash_of(&t.hasher, ("d", &id));
                seen.insert(h, id.clone()).map(|other| (other, id))
            })
            .unwrap();
        drop(seen);
        let (ia, ib) = (t.intern("d", &a), t.intern("d", &b));
        t.intern("d", "z");
        assert_ne!(ia, ib);
        for order in [[&a, &b], [&b, &a]] {
            let want: Vec<_> = order.iter().map(|c| t.find("d", c)).collect();
            assert_eq!(want.iter().flatten().count(), 2);
            assert_eq!(t.slots("d", order.iter().map(|c| c.as_str())), want);
            let keys: Vec<(String, String)> = order
                .iter()
                .map(|c| ("d".to_string(), c.to_string()))
                .collect();
            let mut u = t.clone();
            let got: Vec<usize> = u.intern_all(&strs(&keys)).iter().map(|x| x.0).collect();
            assert_eq!(got, want.iter().flatten().copied().collect::<Vec<_>>());
            assert_eq!(u.len(), 3);
        }
    }

    #[test]
    fn group_lookups_in_a_large_table_are_those_find_gives() {
        // Cards in a scrambled order, asked in another, with some the
        // table does not have.
        let mut t = CardTable::default();
        let scrambled = |n: usize| (0..n).map(move |k| (k * 7_919) % n);
        for c in scrambled(6_000) {
            t.intern(&format!("d{}", c % 3), &format!("card-{c}"));
        }
        for deck in ["d0", "d1", "d2", "d9"] {
            let ids: Vec<String> = scrambled(6_500).map(|c| format!("card-{c}")).collect();
            let want: Vec<_> = ids.iter().map(|c| t.find(deck, c)).collect();
            assert_eq!(t.slots(deck, ids.iter().map(String::as_str)), want);
            assert!(deck == "d9" || want.iter().flatten().count() == 2_000);
        }
        let keys: Vec<(String, String)> = scrambled(6_500)
            .map(|c| (format!("d{}", c % 3), format!("card-{c}")))
            .collect();
        let each = intern_each(&mut t.clone(), &keys);
        assert_eq!(t.intern_all(&strs(&keys)), each);
        assert_eq!(t.len(), 6_500);
    }

    #[test]
    fn slots_are_those_find_gives_in_any_order() {
        let mut t = CardTable::default();
        for c in ["a", "b", "c", "d"] {
            t.intern("x", c);
            t.intern("y", c);
        }
        t.intern("x", "e");
        let ids = ["b", "c", "zz", "e", "a", "a", "d"];
        for deck in ["x", "y", "w"] {
            let want: Vec<_> = ids.iter().map(|c| t.find(deck, c)).collect();
            assert_eq!(t.slots(deck, ids.iter().copied()), want, "{deck}");
        }
    }
}
