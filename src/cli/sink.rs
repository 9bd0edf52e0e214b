//! The batch sink shared by the commands that stream records.
//!
//! Each result goes to the command's closure (write bytes, count, keep for a report); a record
//! that could not be read is reported on stderr as `path:line: message` (the batch goes on);
//! the progress bar follows the bytes read. The command owns what the closure borrows, so it
//! drops the sink before flushing.

use super::progress::Progress;
use rolesift::classify::batch::{BatchSink, Outcome};

/// Hands results to a closure, reports skipped records, drives the progress bar.
pub struct StreamSink<F> {
    progress: Progress,
    on_record: F,
}

impl<F> StreamSink<F> {
    /// A sink for an input of `total` bytes (unknown for stdin).
    pub fn new(total: Option<u64>, on_record: F) -> Self {
        StreamSink {
            progress: Progress::new(total),
            on_record,
        }
    }

    /// Removes the progress bar.
    pub fn finish(&mut self) {
        self.progress.finish();
    }
}

impl<T, F> BatchSink<T> for StreamSink<F>
where
    F: FnMut(T) -> rolesift::Result<()>,
{
    fn accept(&mut self, outcome: Outcome<T>) -> rolesift::Result<()> {
        match outcome {
            Outcome::Done(result) => (self.on_record)(result)?,
            Outcome::Skipped(error) => self.progress.eprintln(&format!("rolesift: {error}")),
        }
        Ok(())
    }

    fn progress(&mut self, bytes_read: u64) {
        self.progress.update(bytes_read);
    }
}
