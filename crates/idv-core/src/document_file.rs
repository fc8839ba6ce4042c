//! Judging a proof-of-address or proof-of-funds file by its bytes alone (never by its name or
//! its `Content-Type`): a PDF, or a photo of the paper as JPEG, PNG or HEIC.
//!
//! [`inspect_document`] refuses, each with a stable [`DocumentError::code`] and a sentence
//! saying what to do: an empty file, a file over 10 MiB, any other type, a PDF cut short or
//! without pages, a password-protected PDF, and a PDF of more than 20 pages. Photos go through
//! [`crate::media::inspect_image`] (structure, size in pixels).
//!
//! PDFs are read as far as these checks need, without rendering anything:
//! - **Header and end**: `%PDF-` and a version digit within the first 1024 bytes (some writers
//!   put a few bytes before it, and readers accept that); `%%EOF` within the last 1024 bytes. A
//!   PDF without it was cut short (a failed upload, a partial download).
//! - **Objects**: every `N G obj` whose value is a dictionary is read (strings, names with `#xx`
//!   escapes, arrays, nested dictionaries, comments and any whitespace between tokens, so
//!   `/Type/Page` and `/Type /Page` are the same), and stream data is skipped by `/Length` or
//!   by its `endstream`. Compressed object streams (`/Type /ObjStm`, `/FlateDecode`, as PDF 1.5+
//!   writers make them) are inflated (with a cap) and their objects read too. When an object
//!   number is defined twice (an incremental update), the later definition counts.
//! - **Encryption**: an `/Encrypt` entry in a `trailer` dictionary or in a cross-reference stream
//!   (`/Type /XRef`) means the file is encrypted (with a user password or not: either way a
//!   reviewer may not be able to open or copy it). Checked before anything compressed is read.
//! - **Pages**: the page objects (`/Type /Page`; `/Pages` is a node of the page tree, not a page)
//!   and the `/Count` of the tree's root (a `/Type /Pages` without `/Parent`). The larger of the
//!   two is the page count, so a low `/Count` cannot hide pages from the limit. None found: the
//!   file cannot be read as a PDF.

use crate::inflate::zlib_decompress;
use crate::media::{inspect_image, ImageFormat, Limits, MediaError, MAX_UPLOAD_BYTES};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A document is at most this many bytes (10 MiB), like an ID photo.
pub const MAX_DOCUMENT_BYTES: usize = MAX_UPLOAD_BYTES;
/// A PDF of more pages is refused: a statement or bill needs a few, not a whole archive.
pub const MAX_PDF_PAGES: u32 = 20;
/// `%PDF-` must start within this many bytes, and `%%EOF` be within this many of the end.
const PDF_WINDOW: usize = 1024;
/// All object streams of one PDF together may inflate to at most this many bytes.
const MAX_INFLATED: usize = 16 * 1024 * 1024;
/// Dictionaries and arrays nested deeper than this are refused as malformed.
const MAX_DEPTH: u32 = 64;
/// A dictionary longer than this is taken as malformed (a page tree of thousands of kids
/// still fits). With [`MAX_BAD_DICTIONARIES`] it bounds the work a hostile file can cause.
const MAX_DICT_BYTES: usize = 1024 * 1024;
/// After this many dictionaries that cannot be read, the file is refused as malformed.
const MAX_BAD_DICTIONARIES: u32 = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    Pdf,
    Jpeg,
    Png,
    Heic,
}

impl DocumentFormat {
    pub const ALL: [DocumentFormat; 4] = [
        DocumentFormat::Pdf,
        DocumentFormat::Jpeg,
        DocumentFormat::Png,
        DocumentFormat::Heic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Jpeg => "jpeg",
            DocumentFormat::Png => "png",
            DocumentFormat::Heic => "heic",
        }
    }

    pub fn from_name(name: &str) -> Option<DocumentFormat> {
        DocumentFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The file extension a stored file of this format gets.
    pub fn extension(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Jpeg => "jpg",
            DocumentFormat::Png => "png",
            DocumentFormat::Heic => "heic",
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "application/pdf",
            DocumentFormat::Jpeg => "image/jpeg",
            DocumentFormat::Png => "image/png",
            DocumentFormat::Heic => "image/heic",
        }
    }

    fn from_image(f: ImageFormat) -> Option<DocumentFormat> {
        match f {
            ImageFormat::Jpeg => Some(DocumentFormat::Jpeg),
            ImageFormat::Png => Some(DocumentFormat::Png),
            ImageFormat::Heic => Some(DocumentFormat::Heic),
            ImageFormat::Webp => None,
        }
    }
}

/// What [`inspect_document`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentInfo {
    pub format: DocumentFormat,
    /// A PDF's page count; `None` for a photo.
    pub pages: Option<u32>,
}

/// Why a document is refused. [`DocumentError::code`] is stable (the API's error code); the
/// `Display` text is a sentence for people that says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    Empty,
    TooLarge {
        limit: usize,
    },
    /// Not a PDF, JPEG, PNG or HEIC by its bytes.
    UnsupportedType,
    /// A PDF whose structure is broken, cut short, or without pages.
    Undecodable {
        reason: &'static str,
    },
    /// A password-protected (encrypted) PDF.
    PdfEncrypted,
    PdfTooManyPages {
        pages: u32,
        max: u32,
    },
    /// A photo refused by [`inspect_image`] (broken, too many or too few pixels).
    Image(MediaError),
}

impl DocumentError {
    pub fn code(&self) -> &'static str {
        match self {
            DocumentError::Empty => "empty_file",
            DocumentError::TooLarge { .. } => "file_too_large",
            DocumentError::UnsupportedType => "unsupported_type",
            DocumentError::Undecodable { .. } => "undecodable_document",
            DocumentError::PdfEncrypted => "pdf_encrypted",
            DocumentError::PdfTooManyPages { .. } => "pdf_too_many_pages",
            DocumentError::Image(MediaError::Undecodable { .. }) => "undecodable_document",
            DocumentError::Image(e) => e.code(),
        }
    }

    /// True when the file was cut short (a failed or partial upload), as opposed to malformed.
    pub fn is_truncated(&self) -> bool {
        match self {
            DocumentError::Undecodable { reason } => *reason == TRUNCATED,
            DocumentError::Image(e) => e.is_truncated(),
            _ => false,
        }
    }
}

impl std::fmt::Display for DocumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocumentError::Empty => write!(
                f,
                "The file is empty. Choose the file again, or take a photo of the document."
            ),
            DocumentError::TooLarge { limit } => write!(
                f,
                "The file is larger than {} MB. Send a smaller file: only the pages that matter, or a photo of the document.",
                limit / (1024 * 1024)
            ),
            DocumentError::UnsupportedType => write!(
                f,
                "This kind of file is not accepted (judged by its content, not its name). Send a PDF, or a photo as JPEG, PNG or HEIC."
            ),
            DocumentError::Undecodable { reason } => write!(
                f,
                "The file cannot be read as a PDF: {reason}. Save or export it again as a PDF, or take a photo of the document."
            ),
            DocumentError::PdfEncrypted => write!(
                f,
                "The PDF is protected by a password. Save or print it again as a PDF without a password, or take a photo of the document."
            ),
            DocumentError::PdfTooManyPages { pages, max } => write!(
                f,
                "The PDF has {pages} pages; at most {max} are accepted. Send only the pages that show your name, address and the date."
            ),
            DocumentError::Image(MediaError::Undecodable { reason }) => write!(
                f,
                "The photo cannot be read: {reason}. Take the photo again, or send a PDF."
            ),
            DocumentError::Image(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DocumentError {}

const TRUNCATED: &str = "the file ends before the PDF does (truncated)";

fn undecodable(reason: &'static str) -> DocumentError {
    DocumentError::Undecodable { reason }
}

/// The format the bytes declare by their magic numbers, if it is one accepted for documents.
pub fn detect_document_format(bytes: &[u8]) -> Option<DocumentFormat> {
    if pdf_header(bytes).is_some() {
        return Some(DocumentFormat::Pdf);
    }
    crate::media::detect_format(bytes).and_then(DocumentFormat::from_image)
}

/// Checks a document upload. In this order: empty, too many bytes, type; then for a PDF its end,
/// encryption and pages, for a photo what [`inspect_image`] checks.
pub fn inspect_document(bytes: &[u8]) -> Result<DocumentInfo, DocumentError> {
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge {
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    match detect_document_format(bytes).ok_or(DocumentError::UnsupportedType)? {
        DocumentFormat::Pdf => {
            let pages = pdf_pages(bytes)?;
            if pages > MAX_PDF_PAGES {
                return Err(DocumentError::PdfTooManyPages {
                    pages,
                    max: MAX_PDF_PAGES,
                });
            }
            Ok(DocumentInfo {
                format: DocumentFormat::Pdf,
                pages: Some(pages),
            })
        }
        _ => {
            let limits = Limits {
                max_bytes: MAX_DOCUMENT_BYTES,
                ..Limits::DEFAULT
            };
            let info = inspect_image(bytes, &limits).map_err(DocumentError::Image)?;
            let format =
                DocumentFormat::from_image(info.format).ok_or(DocumentError::UnsupportedType)?;
            Ok(DocumentInfo {
                format,
                pages: None,
            })
        }
    }
}

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

/// Where `%PDF-<digit>` starts, if within the first 1024 bytes.
fn pdf_header(b: &[u8]) -> Option<usize> {
    let window = &b[..b.len().min(PDF_WINDOW + 6)];
    window
        .windows(6)
        .position(|w| w.starts_with(b"%PDF-") && w[5].is_ascii_digit())
        .filter(|&at| at < PDF_WINDOW)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn is_white(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

/// Skips whitespace and comments from `i`.
fn skip_space(b: &[u8], mut i: usize) -> usize {
    while let Some(&c) = b.get(i) {
        if is_white(c) {
            i += 1;
        } else if c == b'%' {
            while b.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                i += 1;
            }
        } else {
            break;
        }
    }
    i
}

/// The end of a run of regular characters (a number, a keyword, a name's body) from `i`.
fn regular_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| is_regular(c)) {
        i += 1;
    }
    i
}

/// A dictionary's top-level entries: the key (without its `/`) and the value's raw bytes.
type Dict<'a> = Vec<(&'a [u8], &'a [u8])>;

/// The end of the object starting at `i` (after `skip_space`), or `None` if it is malformed or
/// cut short. `dict` receives the top-level entries when the object is a dictionary.
fn object_end<'a>(b: &'a [u8], i: usize, depth: u32, dict: Option<&mut Dict<'a>>) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    match *b.get(i)? {
        b'<' if b.get(i + 1) == Some(&b'<') => dict_end(b, i + 2, depth, dict),
        b'<' => find(b, b">", i + 1).map(|e| e + 1),
        b'(' => {
            let mut nesting = 0u32;
            let mut j = i;
            loop {
                match *b.get(j)? {
                    b'\\' => j += 1,
                    b'(' => nesting += 1,
                    b')' => {
                        nesting -= 1;
                        if nesting == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        b'[' => {
            let mut j = skip_space(b, i + 1);
            while *b.get(j)? != b']' {
                j = skip_space(b, object_end(b, j, depth + 1, None)?);
            }
            Some(j + 1)
        }
        b'/' => Some(regular_end(b, i + 1)),
        b'{' => find(b, b"}", i + 1).map(|e| e + 1),
        c if is_regular(c) => Some(regular_end(b, i)),
        _ => None,
    }
}

fn dict_end<'a>(
    b: &'a [u8],
    mut i: usize,
    depth: u32,
    mut out: Option<&mut Dict<'a>>,
) -> Option<usize> {
    loop {
        i = skip_space(b, i);
        if b.get(i..i + 2)? == b">>" {
            return Some(i + 2);
        }
        if b[i] != b'/' {
            return None;
        }
        let key_end = regular_end(b, i + 1);
        let start = skip_space(b, key_end);
        let end = value_end(b, start, depth + 1)?;
        if let Some(out) = out.as_deref_mut() {
            out.push((&b[i + 1..key_end], &b[start..end]));
        }
        i = end;
    }
}

/// The end of the value at `start` (in a dictionary or an array), an indirect reference
/// (`12 0 R`) being one value.
fn value_end(b: &[u8], start: usize, depth: u32) -> Option<usize> {
    let end = object_end(b, start, depth, None)?;
    if b[start].is_ascii_digit() {
        let gen_at = skip_space(b, end);
        let gen_end = regular_end(b, gen_at);
        let r_at = skip_space(b, gen_end);
        if gen_end > gen_at
            && b[gen_at..gen_end].iter().all(u8::is_ascii_digit)
            && b.get(r_at) == Some(&b'R')
            && b.get(r_at + 1).is_none_or(|&c| !is_regular(c))
        {
            return Some(r_at + 1);
        }
    }
    Some(end)
}

/// The top-level entries of the dictionary at `i` and where it ends. `Ok(None)`: no dictionary
/// starts there; `Err(())`: one starts but cannot be read (malformed, cut short, too long).
fn read_dict(b: &[u8], i: usize) -> Result<Option<(Dict<'_>, usize)>, ()> {
    if !b.get(i..).is_some_and(|rest| rest.starts_with(b"<<")) {
        return Ok(None);
    }
    let window = &b[..b.len().min(i.saturating_add(MAX_DICT_BYTES))];
    let mut dict = Vec::new();
    let end = object_end(window, i, 0, Some(&mut dict)).ok_or(())?;
    Ok(Some((dict, end)))
}

/// Counts dictionaries that cannot be read, and refuses the file after too many.
struct Bad(u32);

impl Bad {
    fn dict<'a>(
        &mut self,
        read: Result<Option<(Dict<'a>, usize)>, ()>,
    ) -> Result<Option<(Dict<'a>, usize)>, DocumentError> {
        read.or_else(|()| {
            self.0 += 1;
            if self.0 > MAX_BAD_DICTIONARIES {
                Err(undecodable("too many of its objects are malformed"))
            } else {
                Ok(None)
            }
        })
    }
}

/// A name's characters with `#xx` escapes decoded.
fn name_bytes(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            raw[i],
            raw.get(i + 1).and_then(|&c| hex(c)),
            raw.get(i + 2).and_then(|&c| hex(c)),
        ) {
            (b'#', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn get<'a>(dict: &Dict<'a>, key: &str) -> Option<&'a [u8]> {
    dict.iter()
        .find(|(k, _)| name_bytes(k) == key.as_bytes())
        .map(|(_, v)| *v)
}

/// Is the value the name `/<name>`?
fn is_name(value: Option<&[u8]>, name: &str) -> bool {
    value.is_some_and(|v| v.first() == Some(&b'/') && name_bytes(&v[1..]) == name.as_bytes())
}

fn integer(value: Option<&[u8]>) -> Option<u64> {
    let v = value?;
    let digits = v.strip_prefix(b"+").unwrap_or(v);
    if digits.is_empty() || digits.len() > 12 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        digits
            .iter()
            .fold(0u64, |n, &d| n * 10 + u64::from(d - b'0')),
    )
}

/// What an object says about the page count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Page,
    /// The root of the page tree (no `/Parent`) and its `/Count`.
    Root(u64),
    Other,
}

fn node(dict: &Dict<'_>) -> Node {
    let ty = get(dict, "Type");
    if is_name(ty, "Page") {
        Node::Page
    } else if is_name(ty, "Pages") && get(dict, "Parent").is_none() {
        Node::Root(integer(get(dict, "Count")).unwrap_or(0))
    } else {
        Node::Other
    }
}

/// What one pass over the file found.
#[derive(Default)]
struct Scan<'a> {
    /// Object number → what it says, the later definition winning.
    nodes: BTreeMap<u64, Node>,
    encrypted: bool,
    /// Compressed object streams: (their dictionary, their raw data).
    object_streams: Vec<(Dict<'a>, &'a [u8])>,
    /// Object number → where its dictionary starts and its stream data, if any (for
    /// [`first_page_jpeg`]), the later definition winning.
    located: BTreeMap<u64, (usize, Option<std::ops::Range<usize>>)>,
}

/// The object number before the `obj` keyword at `at` (`<num> <gen> obj`), if it is one.
fn object_number(b: &[u8], at: usize) -> Option<u64> {
    let back = |mut j: usize| {
        let end = j;
        while j > 0 && b[j - 1].is_ascii_digit() {
            j -= 1;
        }
        (j < end).then_some((j, end))
    };
    let mut j = at;
    if j == 0 || !is_white(b[j - 1]) {
        return None;
    }
    while j > 0 && is_white(b[j - 1]) {
        j -= 1;
    }
    let (gen_start, _) = back(j)?;
    j = gen_start;
    if j == 0 || !is_white(b[j - 1]) {
        return None;
    }
    while j > 0 && is_white(b[j - 1]) {
        j -= 1;
    }
    let (num_start, num_end) = back(j)?;
    integer(Some(&b[num_start..num_end]))
}

/// The stream data after a dictionary ending at `dict_end`, if a stream follows: its data and
/// the index after `endstream`.
fn stream_after<'a>(
    b: &'a [u8],
    dict: &Dict<'_>,
    dict_end: usize,
) -> Result<Option<(&'a [u8], usize)>, DocumentError> {
    let k = skip_space(b, dict_end);
    if !b[k.min(b.len())..].starts_with(b"stream") {
        return Ok(None);
    }
    let mut start = k + 6;
    if b.get(start) == Some(&b'\r') {
        start += 1;
    }
    if b.get(start) == Some(&b'\n') {
        start += 1;
    }
    // Trust /Length when `endstream` is where it says; else look for `endstream`.
    if let Some(len) = integer(get(dict, "Length")).and_then(|l| usize::try_from(l).ok()) {
        if let Some(end) = start.checked_add(len).filter(|&e| e <= b.len()) {
            let after = skip_space(b, end);
            if b[after.min(b.len())..].starts_with(b"endstream") {
                return Ok(Some((&b[start..end], after + 9)));
            }
        }
    }
    let at = find(b, b"endstream", start).ok_or_else(|| undecodable(TRUNCATED))?;
    let mut end = at;
    if end > start && b[end - 1] == b'\n' {
        end -= 1;
    }
    if end > start && b[end - 1] == b'\r' {
        end -= 1;
    }
    Ok(Some((&b[start..end], at + 9)))
}

fn scan<'a>(b: &'a [u8], from: usize, bad: &mut Bad) -> Result<Scan<'a>, DocumentError> {
    let mut s = Scan::default();
    let mut i = from;
    while i + 3 <= b.len() {
        let is_obj = b[i..].starts_with(b"obj");
        let is_trailer = b[i..].starts_with(b"trailer");
        let kw_end = i + if is_trailer { 7 } else { 3 };
        if !(is_obj || is_trailer) || b.get(kw_end).is_some_and(|&c| is_regular(c)) {
            i += 1;
            continue;
        }
        if is_trailer && i > 0 && is_regular(b[i - 1]) {
            i += 1;
            continue;
        }
        let number = if is_obj { object_number(b, i) } else { None };
        if is_obj && number.is_none() {
            i += 3;
            continue;
        }
        let at = skip_space(b, kw_end);
        let Some((dict, end)) = bad.dict(read_dict(b, at))? else {
            i = at.max(i + 1);
            continue;
        };
        if is_trailer {
            s.encrypted |= get(&dict, "Encrypt").is_some();
            i = end;
            continue;
        }
        if is_name(get(&dict, "Type"), "XRef") {
            s.encrypted |= get(&dict, "Encrypt").is_some();
        }
        let stream = stream_after(b, &dict, end)?;
        s.nodes.insert(number.unwrap_or(0), node(&dict));
        let data = stream.map(|(data, _)| {
            let start = data.as_ptr() as usize - b.as_ptr() as usize;
            start..start + data.len()
        });
        s.located.insert(number.unwrap_or(0), (at, data));
        match stream {
            Some((data, after)) => {
                if is_name(get(&dict, "Type"), "ObjStm") {
                    s.object_streams.push((dict, data));
                }
                i = after;
            }
            None => i = end,
        }
    }
    Ok(s)
}

/// Is the stream compressed with nothing but `/FlateDecode` (or not at all), without a predictor?
/// `Some(true)` compressed, `Some(false)` plain, `None` another filter (not readable here).
fn flate_only(dict: &Dict<'_>) -> Option<bool> {
    let Some(filter) = get(dict, "Filter") else {
        return Some(false);
    };
    let names: Vec<&[u8]> = filter
        .split(|&c| is_white(c) || c == b'[' || c == b']')
        .filter(|n| !n.is_empty())
        .collect();
    let predictor = get(dict, "DecodeParms").is_some_and(|p| find(p, b"Predictor", 0).is_some());
    match names.as_slice() {
        [] => Some(false),
        [one] if is_name(Some(one), "FlateDecode") && !predictor => Some(true),
        _ => None,
    }
}

/// Reads the objects of one object stream into `nodes`; `budget` is what may still be inflated.
fn read_object_stream(
    dict: &Dict<'_>,
    data: &[u8],
    nodes: &mut BTreeMap<u64, Node>,
    budget: &mut usize,
    bad: &mut Bad,
) -> Result<(), DocumentError> {
    let inflated;
    let content = match flate_only(dict) {
        None => return Ok(()),
        Some(false) => data,
        Some(true) => {
            inflated = zlib_decompress(data, *budget).map_err(|e| match e {
                crate::inflate::InflateError::TooLarge => {
                    undecodable("its compressed objects expand beyond any real document")
                }
                _ => undecodable("a compressed object stream is damaged"),
            })?;
            *budget -= inflated.len();
            &inflated[..]
        }
    };
    let count = integer(get(dict, "N")).unwrap_or(0);
    let Some(first) = integer(get(dict, "First")).and_then(|f| usize::try_from(f).ok()) else {
        return Ok(());
    };
    let mut i = 0;
    // Objects follow each other: one starting inside the one before is not read (so the work
    // stays linear in the stream's size).
    let mut done = 0;
    for _ in 0..count {
        let mut next = || {
            let at = skip_space(content, i);
            let end = regular_end(content, at);
            i = end;
            integer(content.get(at..end))
        };
        let (Some(number), Some(offset)) = (next(), next()) else {
            break;
        };
        let Some(at) = usize::try_from(offset)
            .ok()
            .and_then(|o| o.checked_add(first))
            .map(|a| skip_space(content, a))
            .filter(|&a| a >= done)
        else {
            continue;
        };
        if let Some((obj, end)) = bad.dict(read_dict(content, at))? {
            nodes.insert(number, node(&obj));
            done = end;
        }
    }
    Ok(())
}

/// The page count of a PDF, or why it cannot be read or is refused.
fn pdf_pages(b: &[u8]) -> Result<u32, DocumentError> {
    let header = pdf_header(b).ok_or(DocumentError::UnsupportedType)?;
    let tail = &b[b.len().saturating_sub(PDF_WINDOW)..];
    if find(tail, b"%%EOF", 0).is_none() {
        return Err(undecodable(TRUNCATED));
    }
    let mut bad = Bad(0);
    let s = scan(b, header, &mut bad)?;
    if s.encrypted {
        return Err(DocumentError::PdfEncrypted);
    }
    let mut nodes = s.nodes;
    let mut budget = MAX_INFLATED;
    for (dict, data) in &s.object_streams {
        read_object_stream(dict, data, &mut nodes, &mut budget, &mut bad)?;
    }
    let leaves = nodes.values().filter(|n| **n == Node::Page).count() as u64;
    let root = nodes
        .values()
        .filter_map(|n| match n {
            Node::Root(count) => Some(*count),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    match leaves.max(root) {
        0 => Err(undecodable("no pages were found in it")),
        n => Ok(u32::try_from(n).unwrap_or(u32::MAX)),
    }
}

mod preview;
pub use preview::{first_page_jpeg, PageImage};

#[cfg(test)]
mod tests;
