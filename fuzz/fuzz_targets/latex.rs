#![no_main]
//! Fuzzes the Latex reader: any bytes must give text or an error, never a panic or a hang.

use gapcheck::formats::{Format, convert_as};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = convert_as(Format::Latex, "fuzz", data) {
        // The line tables always match the text.
        assert_eq!(c.text.split('\n').count(), c.line_origins.len());
        assert_eq!(c.line_origins.len(), c.headings.len());
    }
});
