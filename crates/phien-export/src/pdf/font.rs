//! The embedded font, Noto Sans (regular and bold, cut to Latin and
//! Vietnamese: `fonts/README.md`): characters to glyphs and widths, and the
//! subset of the glyphs a document used, embedded as a CID font (Type 0,
//! Identity-H) with a ToUnicode map so that the text can be searched,
//! copied and extracted.
//!
//! No shaping: Vietnamese needs none once text is composed (NFC), because
//! the font has a precomposed glyph for every Vietnamese letter with its tone
//! mark. Text typed with combining marks (Unikey's "Unicode tổ hợp") is
//! composed first; a character the font lacks prints as `?`.
// Glyph metrics are scaled to points in f32, as PDF wants; no amount of
// money is computed here.
#![allow(clippy::float_arithmetic)]

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};
use unicode_normalization::UnicodeNormalization;

use crate::ExportError;

const REGULAR: &[u8] = include_bytes!("../../fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../fonts/NotoSans-Bold.ttf");

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    /// Noto Sans Regular.
    Regular,
    /// Noto Sans Bold.
    Bold,
}

impl Weight {
    /// The font's resource name in page content.
    pub(crate) fn resource(self) -> Name<'static> {
        match self {
            Weight::Regular => Name(b"F1"),
            Weight::Bold => Name(b"F2"),
        }
    }
}

/// Whether the embedded fonts have a glyph for `c` (both weights).
pub fn has_glyph(c: char) -> bool {
    [REGULAR, BOLD].iter().all(|data| {
        Face::parse(data, 0)
            .ok()
            .and_then(|face| face.glyph_index(c))
            .is_some()
    })
}

/// One weight of the font, and the glyphs a document used from it.
pub(crate) struct Font {
    weight: Weight,
    data: &'static [u8],
    face: Face<'static>,
    units_per_em: f32,
    /// The glyph of `?`, for characters the font lacks.
    fallback: GlyphId,
    /// Old glyph id → id in the subset (the CID in content streams).
    remapper: GlyphRemapper,
    /// What each CID stands for, for the ToUnicode map.
    text_of: BTreeMap<u16, char>,
}

impl Font {
    pub(crate) fn new(weight: Weight) -> Result<Font, ExportError> {
        let data = match weight {
            Weight::Regular => REGULAR,
            Weight::Bold => BOLD,
        };
        let face = Face::parse(data, 0)
            .map_err(|e| ExportError::Pdf(format!("phông chữ nhúng hỏng: {e}")))?;
        let fallback = face
            .glyph_index('?')
            .ok_or_else(|| ExportError::Pdf("phông chữ nhúng thiếu dấu «?»".into()))?;
        Ok(Font {
            weight,
            data,
            units_per_em: f32::from(face.units_per_em()),
            face,
            fallback,
            remapper: GlyphRemapper::new(),
            text_of: BTreeMap::new(),
        })
    }

    fn glyph(&self, c: char) -> (GlyphId, char) {
        match self.face.glyph_index(c) {
            Some(g) => (g, c),
            None => (self.fallback, '?'),
        }
    }

    fn advance(&self, glyph: GlyphId) -> f32 {
        f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0))
    }

    /// The width of `text` at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text.nfc().map(|c| self.advance(self.glyph(c).0)).sum();
        units * size / self.units_per_em
    }

    /// `text` as the two-byte CIDs of the subset, recording the glyphs used.
    pub(crate) fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.nfc() {
            let (glyph, shown) = self.glyph(c);
            let cid = self.remapper.remap(glyph.0);
            self.text_of.entry(cid).or_insert(shown);
            out.extend_from_slice(&cid.to_be_bytes());
        }
        out
    }

    /// Writes the font's objects: the Type 0 font at `type0` and, from
    /// `next` on, its CID font, descriptor, ToUnicode map and subset; returns
    /// the next free id.
    pub(crate) fn write(&self, pdf: &mut Pdf, type0: Ref, next: Ref) -> Result<Ref, ExportError> {
        let cid_font = next;
        let descriptor = Ref::new(next.get() + 1);
        let cmap_id = Ref::new(next.get() + 2);
        let file = Ref::new(next.get() + 3);
        let after = Ref::new(next.get() + 4);

        let subset = subsetter::subset(self.data, 0, &self.remapper)
            .map_err(|e| ExportError::Pdf(format!("không cắt được phông chữ: {e}")))?;
        let base_name = format!("{}+{}", self.subset_tag(), self.postscript_name());
        let base_font = Name(base_name.as_bytes());
        let system_info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        let scale = |units: f32| units * 1000.0 / self.units_per_em;

        pdf.type0_font(type0)
            .base_font(base_font)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_font)
            .to_unicode(cmap_id);

        let widths: Vec<f32> = self
            .remapper
            .remapped_gids()
            .map(|old| scale(self.advance(GlyphId(old))))
            .collect();
        let mut cid = pdf.cid_font(cid_font);
        cid.subtype(CidFontType::Type2)
            .base_font(base_font)
            .system_info(system_info)
            .font_descriptor(descriptor)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        cid.widths().consecutive(0, widths);
        cid.finish();

        let bbox = self.face.global_bounding_box();
        let ascent = scale(f32::from(self.face.ascender()));
        pdf.font_descriptor(descriptor)
            .name(base_font)
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(
                scale(f32::from(bbox.x_min)),
                scale(f32::from(bbox.y_min)),
                scale(f32::from(bbox.x_max)),
                scale(f32::from(bbox.y_max)),
            ))
            .italic_angle(0.0)
            .ascent(ascent)
            .descent(scale(f32::from(self.face.descender())))
            .cap_height(
                self.face
                    .capital_height()
                    .map_or(ascent, |h| scale(f32::from(h))),
            )
            .stem_v(match self.weight {
                Weight::Regular => 80.0,
                Weight::Bold => 140.0,
            })
            .font_file2(file);

        let mut cmap = UnicodeCmap::new(Name(b"Custom"), system_info);
        for (cid, c) in &self.text_of {
            cmap.pair(*cid, *c);
        }
        pdf.cmap(cmap_id, cmap.finish().as_slice());

        let compressed = super::deflate(&subset);
        pdf.stream(file, &compressed)
            .filter(Filter::FlateDecode)
            .pair(
                Name(b"Length1"),
                i32::try_from(subset.len()).unwrap_or(i32::MAX),
            );
        Ok(after)
    }

    fn postscript_name(&self) -> &'static str {
        match self.weight {
            Weight::Regular => "NotoSans-Regular",
            Weight::Bold => "NotoSans-Bold",
        }
    }

    /// Six capital letters naming this subset (PDF's convention), from the
    /// glyphs in it, so that the same document gives the same bytes.
    fn subset_tag(&self) -> String {
        let mut hash: u32 = 0x811c_9dc5;
        for glyph in self.remapper.remapped_gids() {
            for byte in glyph.to_be_bytes() {
                hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
            }
        }
        (0..6)
            .map(|idx| {
                let letter = (hash >> (idx * 5)) % 26;
                char::from(b'A' + u8::try_from(letter).unwrap_or(0))
            })
            .collect()
    }
}
