//! Text rendered on every core and written in order: a long list (the
//! objects or findings of a JSON document, the rows of a table) is cut
//! into pieces of about `PIECE_BYTES`, rendered side by side while the
//! calling thread writes the finished pieces out one after another, so
//! the output is the same bytes as one thread's and the writing overlaps
//! the rendering.

use std::io::{self, Write};
use std::ops::Range;

use crate::split::split;

/// Writes the text of items `0..n` to `w`, made by `render` in pieces of
/// about `piece_bytes` bytes. At `at_least` items and up, one thread per
/// core renders pieces (thread k takes pieces k, k + threads, ...) while
/// the calling thread writes them out in order, so the writing overlaps
/// the rendering; each renderer holds at most one finished piece. After a
/// failed write the renderers stop, and the error is returned.
///
/// The first `SAMPLE` items are rendered here first, and their size sets
/// how many items a piece holds: the items of one list are much alike,
/// and a piece must be large enough that rendering it costs more than
/// handing it from thread to thread (a finding is a tenth of the size of
/// an element).
pub fn write_pieces(
    w: &mut impl Write,
    n: usize,
    piece_bytes: usize,
    at_least: usize,
    render: impl Fn(Range<usize>, &mut Vec<u8>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    let threads = split(n, at_least);
    let mut text = Vec::new();
    if threads < 2 {
        render(0..n, &mut text)?;
        return w.write_all(&text);
    }
    let sample = SAMPLE.min(n);
    render(0..sample, &mut text)?;
    w.write_all(&text)?;
    let item_bytes = text.len().div_ceil(sample).max(1);
    let piece = (piece_bytes / item_bytes).max(1);
    let render = &render;
    std::thread::scope(|scope| {
        // Each renderer sends its pieces to the writer, which hands the
        // emptied buffers back for the next pieces.
        let renderers: Vec<_> = (0..threads)
            .map(|k| {
                let (send, receive) = std::sync::mpsc::sync_channel(1);
                let (give_back, returned) = std::sync::mpsc::channel::<Vec<u8>>();
                scope.spawn(move || {
                    for start in (sample + k * piece..n).step_by(threads * piece) {
                        let mut text = returned.try_recv().unwrap_or_default();
                        let made = render(start..(start + piece).min(n), &mut text);
                        // The writer stopped (a write failed): stop too.
                        if send.send(made.map(|()| text)).is_err() {
                            break;
                        }
                    }
                });
                (receive, give_back)
            })
            .collect();
        for p in 0..(n - sample).div_ceil(piece) {
            // A renderer that panicked drops its sender; the scope then
            // resumes its panic.
            let (pieces, give_back) = &renderers[p % threads];
            let mut text = pieces
                .recv()
                .map_err(|_| io::Error::other("a rendering thread failed"))??;
            w.write_all(&text)?;
            text.clear();
            // A renderer that has finished no longer takes buffers back.
            let _ = give_back.send(text);
        }
        Ok(())
    })
}

/// The size of a piece of text for `write_pieces` to aim at: large
/// enough that handing a piece from thread to thread costs little, small
/// enough that the pieces waiting to be written stay small.
pub const PIECE_BYTES: usize = 512 * 1024;

/// Items `write_pieces` renders first, to learn their size.
const SAMPLE: usize = 32;

#[cfg(test)]
mod tests {
    use super::write_pieces;

    #[test]
    fn pieces_are_written_in_order() {
        for n in [0, 1, 5, 99, 100, 101, 1000] {
            let mut out = Vec::new();
            write_pieces(&mut out, n, 20, 10, |range, text| {
                for i in range {
                    text.extend_from_slice(format!("{i},").as_bytes());
                }
                Ok(())
            })
            .unwrap();
            let expected: String = (0..n).map(|i| format!("{i},")).collect();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "n = {n}");
        }
    }

    #[test]
    fn a_failed_render_is_returned() {
        let mut out = Vec::new();
        let result = write_pieces(&mut out, 1000, 10, 10, |range, _| {
            if range.contains(&555) {
                return Err(std::io::Error::other("cannot render 555"));
            }
            Ok(())
        });
        assert_eq!(result.unwrap_err().to_string(), "cannot render 555");
    }

    #[test]
    fn a_panicking_renderer_panics_the_caller() {
        // Item 999 is rendered by one of the renderers, never by the
        // calling thread, which renders only the first items (the sample).
        let result = std::panic::catch_unwind(|| {
            let mut out = Vec::new();
            write_pieces(&mut out, 1000, 10, 10, |range, text| {
                assert!(!range.contains(&999), "cannot render 999");
                text.push(b'.');
                Ok(())
            })
        });
        assert!(result.is_err());
    }

    #[test]
    fn a_failed_write_stops_the_renderers() {
        // Takes 1000 bytes, then fails: well after the renderers started.
        struct Full(usize);
        impl std::io::Write for Full {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                if self.0 + bytes.len() > 1000 {
                    return Err(std::io::Error::other("disk full"));
                }
                self.0 += bytes.len();
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut full = Full(0);
        let result = write_pieces(&mut full, 100_000, 10, 10, |range, text| {
            text.extend(range.map(|_| b'.'));
            Ok(())
        });
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert!(full.0 > 32, "the sample was written before the failure");
    }
}
