//! Reading lines with a size bound.
//!
//! `BufRead::read_until` would happily buffer a 50 MB line before we could refuse it. This
//! reader stops storing a line once it passes the bound, skips to its end, and reports its
//! full length, so a pathological record costs no memory and the lines after it are still read.

use std::io::{self, BufRead};

/// One line read by [`read_bounded_line`].
#[derive(Debug, PartialEq, Eq)]
pub enum BoundedLine {
    /// The line (without its `\n`) is in the buffer.
    Line,
    /// The line was longer than the bound; this is its full length in bytes.
    TooLong(usize),
}

/// Reads the next line into `buf` (cleared first), keeping at most `max` bytes.
/// Returns `None` at end of input.
pub fn read_bounded_line<R: BufRead + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<BoundedLine>> {
    buf.clear();
    let mut total = 0usize;
    let mut read_any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        read_any = true;
        let (chunk, found_newline) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..i], true),
            None => (available, false),
        };
        if total + chunk.len() <= max {
            buf.extend_from_slice(chunk);
        }
        total += chunk.len();
        let used = chunk.len() + usize::from(found_newline);
        reader.consume(used);
        if found_newline {
            break;
        }
    }
    if !read_any {
        return Ok(None);
    }
    if buf.last() == Some(&b'\r') && total <= max {
        buf.pop();
    }
    if total > max {
        buf.clear();
        Ok(Some(BoundedLine::TooLong(total)))
    } else {
        Ok(Some(BoundedLine::Line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_and_refuses_long_ones_without_losing_the_next() {
        let data = format!("short\r\n{}\nafter\nlast", "x".repeat(100));
        let mut reader = io::BufReader::with_capacity(16, data.as_bytes());
        let mut buf = Vec::new();
        let mut lines = Vec::new();
        while let Some(line) = read_bounded_line(&mut reader, &mut buf, 50).unwrap() {
            lines.push((line, String::from_utf8(buf.clone()).unwrap()));
        }
        assert_eq!(
            lines,
            [
                (BoundedLine::Line, "short".to_string()),
                (BoundedLine::TooLong(100), String::new()),
                (BoundedLine::Line, "after".to_string()),
                (BoundedLine::Line, "last".to_string()),
            ]
        );
    }
}
