//! The framing of the LSP base protocol, read defensively: a header of
//! `Name: value` lines ending in a blank line (`Content-Length` required,
//! `Content-Type` optional and utf-8 only), then a body of exactly
//! `Content-Length` bytes.
//!
//! The decoder never fails and never stops: input that is not a header,
//! or a header without a usable `Content-Length`, cannot say where its
//! body ends, so it is reported once and skipped up to the next
//! `Content-Length:`; a frame it will not take (too large, another
//! charset) is reported and skipped by its length. Either way the frames
//! after it are read as usual. What it holds stays below one header plus
//! one body.

use tmc_syntax::syntax::limits::MAX_FILE_BYTES;

/// The longest header read; past this without a blank line, the input is
/// not a header.
const MAX_HEADER_BYTES: usize = 8 * 1024;

/// The largest body taken: a document at the compiler's file size limit
/// fits, sent as a JSON string (escaping makes text a little longer).
pub const MAX_BODY_BYTES: usize = 2 * MAX_FILE_BYTES as usize;

/// Where skipped input ends: the start of the next header, as every
/// client writes it.
const RESYNC_AT: &[u8] = b"Content-Length:";

/// What the decoder found at the front of its input.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// The body of a frame, as sent.
    Body(Vec<u8>),
    /// Input that does not frame a body, skipped up to the next
    /// `Content-Length:`; why.
    Garbled(String),
    /// A frame whose body is skipped; why.
    Refused(String),
}

/// Cuts a byte stream into frames; fed by appending to a buffer.
pub struct Decoder {
    state: State,
    /// Bodies above this many bytes are refused.
    max_body: usize,
}

enum State {
    /// At the start of a header.
    Header,
    /// Skipping input up to the next `Content-Length:`.
    Resync,
    /// Waiting for a body of this many bytes.
    Body(usize),
    /// This many bytes of a refused body still to skip.
    Skip(usize),
}

/// A header read whole.
enum Header {
    /// The body that follows is this many bytes.
    Take(usize),
    /// The body that follows, this many bytes, is skipped; why.
    Refuse(usize, String),
}

impl Decoder {
    pub fn new(max_body: usize) -> Decoder {
        Decoder {
            state: State::Header,
            max_body,
        }
    }

    /// The next frame from the front of `buf`, taken out of it, or `None`
    /// until more input is appended. What is skipped is removed from `buf`
    /// as it comes.
    pub fn next(&mut self, buf: &mut Vec<u8>) -> Option<Frame> {
        loop {
            match self.state {
                State::Header => {
                    let blank = buf.iter().take_while(|b| matches!(b, b'\r' | b'\n'));
                    let blank = blank.count();
                    buf.drain(..blank);
                    match read_header(buf, self.max_body) {
                        Read::Incomplete => return None,
                        Read::TooLong(end) => {
                            buf.drain(..end);
                            self.state = State::Resync;
                            let why = format!("no end of header within {MAX_HEADER_BYTES} bytes");
                            return Some(Frame::Garbled(why));
                        }
                        Read::Done(end, Ok(Header::Take(length))) => {
                            buf.drain(..end);
                            self.state = State::Body(length);
                        }
                        Read::Done(end, Ok(Header::Refuse(length, why))) => {
                            buf.drain(..end);
                            self.state = State::Skip(length);
                            return Some(Frame::Refused(why));
                        }
                        Read::Done(end, Err(why)) => {
                            // A header may start inside this one (after
                            // garbage glued to its front, or lines of one
                            // that never ended): read on from the last;
                            // else its body, of unknown length, follows.
                            match rfind(&buf[1..end], RESYNC_AT) {
                                Some(at) => drop(buf.drain(..1 + at)),
                                None => {
                                    buf.drain(..end);
                                    self.state = State::Resync;
                                }
                            }
                            return Some(Frame::Garbled(why));
                        }
                    }
                }
                State::Resync => match find(buf, RESYNC_AT) {
                    Some(at) => {
                        buf.drain(..at);
                        self.state = State::Header;
                    }
                    None => {
                        // Keep what may be the start of the marker.
                        let keep = buf.len().min(RESYNC_AT.len() - 1);
                        buf.drain(..buf.len() - keep);
                        return None;
                    }
                },
                State::Body(length) => {
                    if buf.len() < length {
                        // Room for the whole body at once rather than
                        // copies as it grows (pages untouched cost
                        // nothing).
                        buf.reserve(length - buf.len());
                        return None;
                    }
                    let rest = buf.split_off(length);
                    self.state = State::Header;
                    return Some(Frame::Body(std::mem::replace(buf, rest)));
                }
                State::Skip(left) => {
                    let n = left.min(buf.len());
                    buf.drain(..n);
                    if n < left {
                        self.state = State::Skip(left - n);
                        return None;
                    }
                    self.state = State::Header;
                }
            }
        }
    }
}

/// The header of a body of `length` bytes.
pub fn header(length: usize) -> String {
    format!("Content-Length: {length}\r\n\r\n")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// How far a header has come.
enum Read {
    /// No blank line yet.
    Incomplete,
    /// No blank line in the first `MAX_HEADER_BYTES`; this much scanned.
    TooLong(usize),
    /// The header ends after this many bytes (blank line included).
    Done(usize, Result<Header, String>),
}

/// The header at the start of `buf`. Lines end in CRLF (a bare LF is
/// taken too).
fn read_header(buf: &[u8], max_body: usize) -> Read {
    let mut lines = Vec::new();
    let mut start = 0;
    loop {
        let Some(newline) = buf[start..].iter().position(|&b| b == b'\n') else {
            return match buf.len() > MAX_HEADER_BYTES {
                true => Read::TooLong(buf.len()),
                false => Read::Incomplete,
            };
        };
        let end = start + newline + 1;
        if end > MAX_HEADER_BYTES {
            return Read::TooLong(end);
        }
        let line = &buf[start..start + newline];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return Read::Done(end, parse_header(&lines, max_body));
        }
        lines.push(line);
        start = end;
    }
}

/// The meaning of a header's lines.
fn parse_header(lines: &[&[u8]], max_body: usize) -> Result<Header, String> {
    let mut length = None;
    let mut charset_refused = None;
    for line in lines {
        let text = std::str::from_utf8(line)
            .ok()
            .filter(|t| t.is_ascii())
            .ok_or("a header line that is not ASCII")?;
        let (name, value) = text
            .split_once(':')
            .ok_or_else(|| format!("`{}` is not a header field", shown(text)))?;
        let value = value.trim();
        if name.trim().eq_ignore_ascii_case("content-length") {
            let n = byte_count(value)?;
            if length.is_some_and(|m| m != n) {
                return Err("two different Content-Length fields".into());
            }
            length = Some(n);
        } else if name.trim().eq_ignore_ascii_case("content-type") {
            charset_refused = charset_refused.or(refused_charset(value));
        }
    }
    let length = length.ok_or("a header without Content-Length")?;
    if let Some(charset) = charset_refused {
        let why = format!("charset `{charset}` is not supported: only utf-8");
        return Ok(Header::Refuse(length, why));
    }
    if length > max_body {
        let why = format!("a message of {length} bytes is over the limit of {max_body}");
        return Ok(Header::Refuse(length, why));
    }
    Ok(Header::Take(length))
}

fn byte_count(value: &str) -> Result<usize, String> {
    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    digits
        .then(|| value.parse().ok())
        .flatten()
        .ok_or_else(|| format!("Content-Length `{}` is not a byte count", shown(value)))
}

/// The charset a Content-Type names when it is not utf-8 (the default).
fn refused_charset(content_type: &str) -> Option<String> {
    let charset = content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"'))
    })?;
    // `utf8` is what older clients send (the specification allows it).
    let utf8 = ["utf-8", "utf8"]
        .iter()
        .any(|ok| charset.eq_ignore_ascii_case(ok));
    (!utf8).then(|| shown(charset))
}

/// Header text as quoted in an error: at most 60 characters.
fn shown(text: &str) -> String {
    let mut cut: String = text.chars().take(60).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every frame `input` makes, fed `step` bytes at a time.
    fn frames(input: &[u8], step: usize) -> Vec<Frame> {
        let mut decoder = Decoder::new(MAX_BODY_BYTES);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        for piece in input.chunks(step.max(1)) {
            buf.extend_from_slice(piece);
            while let Some(frame) = decoder.next(&mut buf) {
                out.push(frame);
            }
        }
        out
    }

    fn body(text: &str) -> Frame {
        Frame::Body(text.as_bytes().to_vec())
    }

    const MSG: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;

    fn framed(text: &str) -> String {
        format!("{}{text}", header(text.len()))
    }

    /// The same frames however the input is cut.
    fn assert_frames(input: &str, expected: &[Frame]) {
        for step in [1, 2, 7, 64, input.len()] {
            assert_eq!(frames(input.as_bytes(), step), expected, "step {step}");
        }
    }

    #[test]
    fn frames_in_a_row() {
        let input = format!("{}{}", framed(MSG), framed("{}"));
        assert_frames(&input, &[body(MSG), body("{}")]);
    }

    #[test]
    fn header_fields_in_any_case_with_a_utf8_content_type() {
        let input = format!(
            "content-length:  {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf8\r\nX-Other: 1\r\n\r\n{MSG}",
            MSG.len()
        );
        assert_frames(&input, &[body(MSG)]);
        let bare_lf = format!("Content-Length: {}\n\n{MSG}", MSG.len());
        assert_frames(&bare_lf, &[body(MSG)]);
    }

    #[test]
    fn a_bad_content_length_is_skipped_up_to_the_next_header() {
        for bad in ["abc", "-1", "1.5", "", "99999999999999999999999999"] {
            let input = format!("Content-Length: {bad}\r\n\r\n{MSG}{}", framed(MSG));
            let found = frames(input.as_bytes(), 5);
            assert!(
                matches!(&found[0], Frame::Garbled(why) if why.contains("not a byte count")),
                "{bad}: {found:?}"
            );
            assert_eq!(found[1..], [body(MSG)], "{bad}");
        }
    }

    #[test]
    fn garbage_before_a_frame_and_headers_without_a_length() {
        let input = format!("foobar{}", framed(MSG));
        let found = frames(input.as_bytes(), 3);
        assert!(matches!(&found[0], Frame::Garbled(_)), "{found:?}");
        assert_eq!(found[1..], [body(MSG)]);
        let input = format!("Content-Type: x\r\n\r\n{MSG}{}", framed(MSG));
        let found = frames(input.as_bytes(), 64);
        assert_eq!(
            found[0],
            Frame::Garbled("a header without Content-Length".into())
        );
        assert_eq!(found[1..], [body(MSG)]);
        let input = format!("no colon here\r\n\r\n{}", framed(MSG));
        let found = frames(input.as_bytes(), 64);
        assert!(matches!(&found[0], Frame::Garbled(why) if why.contains("not a header field")));
        assert_eq!(found[1..], [body(MSG)]);
    }

    #[test]
    fn a_header_that_never_ends_is_dropped_as_it_comes() {
        let mut decoder = Decoder::new(MAX_BODY_BYTES);
        let mut buf = Vec::new();
        let mut garbled = 0;
        for _ in 0..1000 {
            buf.extend_from_slice(&[b'x'; 1000]);
            while let Some(frame) = decoder.next(&mut buf) {
                assert!(matches!(frame, Frame::Garbled(_)));
                garbled += 1;
            }
            assert!(buf.len() <= MAX_HEADER_BYTES + 1000, "{} held", buf.len());
        }
        assert_eq!(garbled, 1, "one report for the run");
        buf.extend_from_slice(framed(MSG).as_bytes());
        assert_eq!(decoder.next(&mut buf), Some(body(MSG)));
        // Header lines that never end in a blank line: one report per
        // header's worth of them, not per line.
        let lines = "Content-Length: 5\r\n".repeat(10 * MAX_HEADER_BYTES / 19);
        let found = frames(format!("{lines}{}", framed(MSG)).as_bytes(), 4096);
        assert!(found.len() <= 12, "{} reports", found.len());
        assert_eq!(found.last(), Some(&body(MSG)));
    }

    #[test]
    fn oversized_bodies_and_other_charsets_are_refused_and_skipped() {
        let input = format!(
            "Content-Length: {}\r\nContent-Type: application/json; charset=latin1\r\n\r\n{MSG}{}",
            MSG.len(),
            framed(MSG)
        );
        let found = frames(input.as_bytes(), 4);
        assert!(
            matches!(&found[0], Frame::Refused(why) if why.contains("latin1")),
            "{found:?}"
        );
        assert_eq!(found[1..], [body(MSG)]);

        let max = 1000;
        let mut decoder = Decoder::new(max);
        let mut buf = format!("Content-Length: {}\r\n\r\n", max + 1).into_bytes();
        let refused = decoder.next(&mut buf);
        assert!(matches!(refused, Some(Frame::Refused(why)) if why.contains("over the limit")));
        // Skipped as it comes, never held.
        for _ in 0..max / 100 {
            buf.extend([b'x'; 100]);
            assert_eq!(decoder.next(&mut buf), None);
            assert!(buf.is_empty());
        }
        buf.push(b'x');
        buf.extend_from_slice(framed(MSG).as_bytes());
        assert_eq!(decoder.next(&mut buf), Some(body(MSG)));
    }

    #[test]
    fn blank_lines_between_frames_and_an_empty_body() {
        let input = format!("\r\n{}\r\n\r\n{}", framed(MSG), framed(""));
        assert_frames(&input, &[body(MSG), body("")]);
    }
}
