//! Printable documents, A4, with Vietnamese set in an embedded font (Noto
//! Sans, subset per document): the point's public notice (niêm yết), a
//! group's collection list for the next session (mẫu 13/TD), members'
//! receipts (biên lai 01/BL), a meeting's minutes (biên bản họp tổ), the
//! credit-quality report, the watchlists, the group ratings and the fees. Tables break across pages with their header
//! repeated; every page has the printing date and `Trang i/n`.

mod collection;
pub(crate) mod font;
mod layout;
mod minutes;
mod notice;
mod quality;
mod ratings;
mod receipt;
mod watchlist;

pub use collection::collection_list;
pub use font::has_glyph;
pub use minutes::minutes;
pub use notice::public_notice;
pub use quality::quality_report;
pub use ratings::{fees, ratings};
pub use receipt::receipts;
pub use watchlist::watchlist;

use phien_core::money::{Dong, group_thousands};

/// A finished PDF and how many pages it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Pages.
    pub pages: usize,
}

/// Deflate (zlib), as PDF's FlateDecode reads it.
fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// An amount as the forms print it: `1.250.000` (the column says ₫).
fn money(amount: Dong) -> String {
    group_thousands(amount.get())
}

/// An amount, or nothing when it is zero (cells people read at a glance).
fn money_or_blank(amount: Dong) -> String {
    if amount == Dong::ZERO {
        String::new()
    } else {
        money(amount)
    }
}
