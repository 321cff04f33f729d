//! Pretty JSON written in parts: serde_json's pretty layout (two-space
//! indents) started at any depth, so the items of a long array can be
//! rendered apart, on every core, and joined into exactly the bytes
//! `serde_json::to_writer_pretty` gives for the whole document.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// serde_json's `PrettyFormatter` with two-space indents, for a value
/// that sits `depth` levels deep in a document.
struct Pretty {
    depth: usize,
    has_value: bool,
}

fn indent<W: ?Sized + Write>(w: &mut W, depth: usize) -> io::Result<()> {
    const SPACES: &[u8] = &[b' '; 64];
    let mut left = depth * 2;
    while left > 0 {
        let n = left.min(SPACES.len());
        w.write_all(&SPACES[..n])?;
        left -= n;
    }
    Ok(())
}

impl Pretty {
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.depth)?;
        }
        w.write_all(bracket)
    }

    fn next<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.depth)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `value`, laid out as it is when nested `depth` levels deep.
pub fn write_at<W: Write>(w: &mut W, depth: usize, value: &impl Serialize) -> io::Result<()> {
    let formatter = Pretty {
        depth,
        has_value: false,
    };
    let mut ser = serde_json::Serializer::with_formatter(w, formatter);
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// `s` as a JSON string, as serde_json writes it. Text with nothing to
/// escape (identifiers, attribute names, most names) is copied as it is,
/// which is several times faster than serde's escaping on short strings.
pub fn string(text: &mut Vec<u8>, s: &str) -> io::Result<()> {
    if !needs_escape(s.as_bytes()) {
        text.reserve(s.len() + 2);
        text.push(b'"');
        text.extend_from_slice(s.as_bytes());
        text.push(b'"');
        return Ok(());
    }
    serde_json::to_writer(text, s).map_err(io::Error::from)
}

/// Whether `bytes` hold a control character, `"` or `\\`: the bytes JSON
/// escapes. Eight bytes at a time (a byte below 0x20, or equal to one of
/// the two, shows as a high bit in the word tests below), as nearly every
/// string written is clean and short.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * n as u64) & !x & HIGH;
    let (words, rest) = bytes.as_chunks::<8>();
    let dirty = words.iter().any(|w| {
        let x = u64::from_le_bytes(*w);
        below(x, 0x20) | below(x ^ (ONES * b'"' as u64), 1) | below(x ^ (ONES * b'\\' as u64), 1)
            != 0
    });
    dirty || rest.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// The separator before a member or item of an object or array whose
/// members sit at `depth`: for writing a hot part of a document straight
/// into `text` in `write_at`'s layout, without serde's dispatch.
pub fn member(text: &mut Vec<u8>, depth: usize, first: bool) {
    text.extend_from_slice(if first { b"\n" } else { b",\n" });
    text.resize(text.len() + depth * 2, b' ');
}

/// The `bracket` that closes an object or array at `depth` that `member`
/// filled; `empty` when it has no members (`{}`, `[]`).
pub fn close(text: &mut Vec<u8>, depth: usize, empty: bool, bracket: u8) {
    if !empty {
        text.push(b'\n');
        text.resize(text.len() + depth * 2, b' ');
    }
    text.push(bracket);
}

/// Items `range` of an array at `depth`, each after its separator: the
/// text that goes between `[` and the closing `]`. `write` writes one item
/// as it is laid out at `depth + 1`.
fn items<T>(
    items: &[T],
    range: std::ops::Range<usize>,
    depth: usize,
    write: &impl Fn(&T, &mut Vec<u8>) -> io::Result<()>,
    text: &mut Vec<u8>,
) -> io::Result<()> {
    for i in range {
        text.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        indent(text, depth + 1)?;
        write(&items[i], text)?;
    }
    Ok(())
}

/// The array of `list`, sitting `depth` levels deep, each item written by
/// `write` as it is laid out at `depth + 1` (`write_at` gives that layout
/// for any value). A long array is rendered in pieces on every core while
/// this thread writes them (`tmc_perf::pieces`).
pub fn array_at<W: Write, T: Sync>(
    w: &mut W,
    depth: usize,
    list: &[T],
    write: impl Fn(&T, &mut Vec<u8>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    if list.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[")?;
    tmc_perf::pieces::write_pieces(
        w,
        list.len(),
        tmc_perf::pieces::PIECE_BYTES,
        tmc_perf::OUTPUT_ROWS,
        |range, text| items(list, range, depth, &write, text),
    )?;
    w.write_all(b"\n")?;
    indent(w, depth)?;
    w.write_all(b"]")
}

/// A JSON object at the top of a document, written one entry at a time
/// with its keys in the order given (callers give them sorted).
pub struct Object<'w, W: Write> {
    w: &'w mut W,
    first: bool,
}

impl<'w, W: Write> Object<'w, W> {
    pub fn begin(w: &'w mut W) -> io::Result<Self> {
        w.write_all(b"{")?;
        Ok(Object { w, first: true })
    }

    fn key(&mut self, key: &str) -> io::Result<()> {
        self.w.write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        indent(self.w, 1)?;
        serde_json::to_writer(&mut *self.w, key)?;
        self.w.write_all(b": ")
    }

    /// An entry whose value is written whole.
    pub fn entry(&mut self, key: &str, value: &impl Serialize) -> io::Result<()> {
        self.key(key)?;
        write_at(self.w, 1, value)
    }

    /// An entry whose value is an array of `items`, each written as
    /// `view` shows it. A long array is rendered in pieces on every core
    /// while this thread writes them (`tmc_perf::pieces`).
    pub fn array<T, V>(
        &mut self,
        key: &str,
        list: &[T],
        view: impl Fn(&T) -> V + Sync,
    ) -> io::Result<()>
    where
        T: Sync,
        V: Serialize,
    {
        self.array_with(key, list, |item, text| write_at(text, 2, &view(item)))
    }

    /// `array`, each item written by `write` as it is laid out at depth 2
    /// (`write_at(text, 2, ...)` gives that layout for any value).
    pub fn array_with<T: Sync>(
        &mut self,
        key: &str,
        list: &[T],
        write: impl Fn(&T, &mut Vec<u8>) -> io::Result<()> + Sync,
    ) -> io::Result<()> {
        self.key(key)?;
        array_at(self.w, 1, list, write)
    }

    /// Closes the object and ends the document's line.
    pub fn end(self) -> io::Result<()> {
        if !self.first {
            self.w.write_all(b"\n")?;
        }
        self.w.write_all(b"}\n")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// What serde_json's own pretty printer makes of `doc` (an object).
    fn expected(doc: &serde_json::Value) -> String {
        serde_json::to_string_pretty(doc).unwrap() + "\n"
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = ["", "plain", "a much longer plain text", "\u{7f}é\u{2028}"]
            .map(String::from)
            .to_vec();
        // Every byte JSON escapes, and its neighbours, at every place in
        // and around a word.
        for b in [
            0x00u8, 0x01, 0x1f, 0x20, 0x21, b'"', b'#', b'[', b'\\', b']', 0x7f,
        ] {
            for at in 0..20 {
                let mut t = "x".repeat(19).into_bytes();
                t.insert(at, b);
                texts.push(String::from_utf8(t).unwrap());
            }
        }
        for t in texts {
            let mut ours = Vec::new();
            string(&mut ours, &t).unwrap();
            assert_eq!(ours, serde_json::to_vec(&t).unwrap(), "{t:?}");
        }
    }

    #[test]
    fn nested_values_match_serde_json() {
        let doc = json!({
            "a": [],
            "b": {},
            "c": [1, [2, {"x": [], "y": {"z": null}}], "three"],
            "d": {"e": {"f": [true, false]}},
            "g": "text with \"quotes\"\n",
        });
        let mut out = Vec::new();
        let mut o = Object::begin(&mut out).unwrap();
        for (k, v) in doc.as_object().unwrap() {
            o.entry(k, v).unwrap();
        }
        o.end().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected(&doc));
    }

    #[test]
    fn arrays_of_every_length_match_serde_json() {
        // Lengths around the piece size and the parallel threshold.
        for n in [0, 1, 2, 255, 256, 257, 1023, 1024, 1025, 2048, 2049, 5000] {
            let items: Vec<serde_json::Value> = (0..n)
                .map(|i| json!({"i": i, "list": [i, {"deep": [i]}], "empty": []}))
                .collect();
            let doc = json!({ "items": items, "z": 1 });
            let mut out = Vec::new();
            let mut o = Object::begin(&mut out).unwrap();
            let refs: Vec<&serde_json::Value> = items.iter().collect();
            o.array("items", &refs, |v| *v).unwrap();
            o.entry("z", &1).unwrap();
            o.end().unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected(&doc), "n = {n}");
        }
    }

    /// Takes `left` bytes, then fails every write.
    struct Full {
        left: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.left == 0 {
                return Err(io::Error::other("disk full"));
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_stops_the_renderers_and_is_returned() {
        let items: Vec<u32> = (0..20_000).collect();
        let mut full = Full { left: 1000 };
        let mut o = Object::begin(&mut full).unwrap();
        let err = o.array("items", &items, |i| *i).unwrap_err();
        assert_eq!(err.to_string(), "disk full");
    }

    #[test]
    fn an_empty_object_is_braces() {
        let mut out = Vec::new();
        Object::begin(&mut out).unwrap().end().unwrap();
        assert_eq!(out, b"{}\n");
    }

    #[test]
    fn deep_values_are_indented_past_the_spaces_at_hand() {
        // Deeper than the 64 spaces `indent` writes at a time.
        let mut deep = json!(1);
        for _ in 0..40 {
            deep = json!([deep]);
        }
        let doc = json!({ "deep": deep });
        let mut out = Vec::new();
        let mut o = Object::begin(&mut out).unwrap();
        o.entry("deep", &deep).unwrap();
        o.end().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected(&doc));
    }
}
