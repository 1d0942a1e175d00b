//! Findings reported and not fixed yet. The fuzzer still reports them (and
//! still exits 1): this table only says which ones are old news, so a test
//! can insist that a run finds nothing *new*, and another test (in
//! `tests/fuzz/known.rs`) checks that each one still happens — when the
//! server is fixed, that test fails and the entry goes.

use crate::target::Finding;

/// A finding already reported.
#[derive(Debug, Clone, Copy)]
pub struct Known {
    /// A short name.
    pub name: &'static str,
    /// Which findings it covers.
    pub matches: fn(&Finding) -> bool,
    /// What it is, where it comes from, and the fix it wants.
    pub why: &'static str,
}

/// Every known finding. None today: the six the fuzzer first found (JSON
/// refusals from layers, echoes of the request, the integrity check after a
/// non-integer amount, an enrolment with a credential in use) are fixed, and
/// `tests/fuzz/fixed.rs` checks each stays fixed.
pub const KNOWN: &[Known] = &[];

/// The known finding `finding` is, if any.
pub fn known(finding: &Finding) -> Option<&'static Known> {
    KNOWN.iter().find(|k| (k.matches)(finding))
}
