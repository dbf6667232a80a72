//! Paginators: every page of a paged action, as an async stream (the streams: feature
//! `client`; the [`Paginated`] contract that generated requests implement: always).
//!
//! A generated request whose action pages (spec key `pagination`) implements [`Paginated`]:
//! a few lines saying which of its members carry the offset, page number or token and the
//! page size, and which members of its response hold the items, the total and the next
//! token. [`Client::paginate`](crate::Client::paginate) then walks the pages:
//!
//! ```no_run
//! # async fn demo<A: tcapi::Paginated + 'static>(client: &tcapi::Client, request: A)
//! # -> Result<(), tcapi::Error<A::Error>> {
//! let mut pages = client.paginate(request); // filters kept, largest documented page size
//! while let Some(page) = pages.next().await {
//!     let page = page?; // the action's typed error
//!     # let _ = page;
//! }
//! # Ok(()) }
//! ```
//!
//! `client.paginate(request).items()` gives the items one by one instead, and
//! `.items().collect().await` all of them in a `Vec`. Both are [`futures_core::Stream`]s,
//! so `futures`' combinators work on them too; `next()` is there so that none is needed.
//!
//! # When a paginator stops
//!
//! The paginator starts from the request as built: its filters, its offset, page or token
//! (the first page otherwise) and its page size (the largest documented one otherwise). After
//! each page:
//!
//! - **every kind**: an empty page ends the stream;
//! - **offset** ([`Kind::Offset`]): the next offset is the offset plus the items received.
//!   When the response carries a total, the stream ends once the next offset reaches it (a
//!   total that grew is followed); without a total, a page shorter than the page size asked
//!   for ends it. A total below the next offset contradicts the pages received (it shrank,
//!   or the response left it out and it reads as 0): it is not trusted and the short-page
//!   rule decides, so no item is lost to it and the stream still ends cleanly, at the latest
//!   on the next page, empty or short;
//! - **page number** ([`Kind::Page`]): the next page is the page plus one; the stream ends
//!   when the items up to this page reach the total exactly, else (no total, or one the
//!   pages contradict) on a short page;
//! - **token** ([`Kind::Token`]): the next request carries the response's next token; an
//!   empty or absent token ends the stream. A token that was already sent would repeat
//!   pages forever: the stream ends with [`Error::Pagination`](crate::Error::Pagination) instead.
//!
//! An error (after the client's own retries) is yielded once and ends the stream. The rules
//! are one function, tested against a model of a collection (`tests::stop_rule_*`).
//!
//! The stream is a small state machine written by hand rather than an `async-stream`
//! generator or `futures`' `unfold`: both crates (and their proc macro, for the former) would
//! be built by every user of the client, for one `poll_next`.

use crate::action::Action;

#[cfg(feature = "client")]
mod pages;
#[cfg(feature = "client")]
pub use pages::{PageItems, Pages};

/// How an action pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// `Offset` + `Limit`: the index of the first item and the page size.
    Offset,
    /// A page number (`PageNumber`, `PageNo`, `PageIndex`, ...) and a page size.
    Page {
        /// The number of the first page (1 for almost every action; 0 where documented).
        first: u64,
    },
    /// A token from the previous response (`NextToken`, `Context`, `Cursor`, ...).
    Token,
}

/// An action's paging facts: its kind and the largest page size its documentation allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pagination {
    /// How the action pages.
    pub kind: Kind,
    /// The largest documented page size, used when the request sets none.
    pub max_page_size: Option<u64>,
}

impl Pagination {
    /// Offset and limit.
    pub const fn offset(max_page_size: Option<u64>) -> Self {
        Self {
            kind: Kind::Offset,
            max_page_size,
        }
    }

    /// Page number (the first page is `first`) and page size.
    pub const fn page(first: u64, max_page_size: Option<u64>) -> Self {
        Self {
            kind: Kind::Page { first },
            max_page_size,
        }
    }

    /// A next token.
    pub const fn token(max_page_size: Option<u64>) -> Self {
        Self {
            kind: Kind::Token,
            max_page_size,
        }
    }
}

/// A numeric member that pages (offset, page number, page size, total): `i64` or `u64`,
/// optional or not. A negative value reads as unset.
pub trait Number {
    /// The value, if set and not negative.
    fn get(&self) -> Option<u64>;
    /// Sets the value (saturating at `i64::MAX` for a signed member).
    fn set(&mut self, value: u64);
}

impl Number for i64 {
    fn get(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
    fn set(&mut self, value: u64) {
        *self = i64::try_from(value).unwrap_or(i64::MAX);
    }
}

impl Number for u64 {
    fn get(&self) -> Option<u64> {
        Some(*self)
    }
    fn set(&mut self, value: u64) {
        *self = value;
    }
}

impl<N: Number + Default> Number for Option<N> {
    fn get(&self) -> Option<u64> {
        self.as_ref().and_then(N::get)
    }
    fn set(&mut self, value: u64) {
        self.get_or_insert_with(N::default).set(value);
    }
}

/// A token member (request or response): a `String`, optional or not. Empty reads as unset.
pub trait Token {
    /// The token, if set and not empty.
    fn get(&self) -> Option<&str>;
    /// Sets the token.
    fn set(&mut self, value: String);
}

impl Token for String {
    fn get(&self) -> Option<&str> {
        Some(self.as_str()).filter(|s| !s.is_empty())
    }
    fn set(&mut self, value: String) {
        *self = value;
    }
}

impl Token for Option<String> {
    fn get(&self) -> Option<&str> {
        self.as_deref().filter(|s| !s.is_empty())
    }
    fn set(&mut self, value: String) {
        *self = Some(value);
    }
}

/// The response member holding a page's items: a list, optional (nullable) or not.
pub trait Items<T> {
    /// How many items the page holds.
    fn count(&self) -> usize;
    /// Moves the items out.
    fn take(&mut self) -> Vec<T>;
    /// Replaces the items (mocks that serve pages).
    fn put(&mut self, items: Vec<T>);
}

impl<T> Items<T> for Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }
    fn take(&mut self) -> Vec<T> {
        std::mem::take(self)
    }
    fn put(&mut self, items: Vec<T>) {
        *self = items;
    }
}

impl<T> Items<T> for Option<Vec<T>> {
    fn count(&self) -> usize {
        self.as_ref().map_or(0, Vec::len)
    }
    fn take(&mut self) -> Vec<T> {
        Option::take(self).unwrap_or_default()
    }
    fn put(&mut self, items: Vec<T>) {
        *self = Some(items);
    }
}

/// The request members that page, borrowed from a request.
pub struct RequestMembers<'a> {
    /// The offset (kind offset) or page number (kind page).
    pub position: Option<&'a mut dyn Number>,
    /// The page size, if the action has one.
    pub page_size: Option<&'a mut dyn Number>,
    /// The token (kind token).
    pub token: Option<&'a mut dyn Token>,
}

/// The response members that page, borrowed from a response.
pub struct ResponseMembers<'a, T> {
    /// The items of the page.
    pub items: &'a mut dyn Items<T>,
    /// The total number of items, if the response states one.
    pub total: Option<&'a mut dyn Number>,
    /// The token of the next page (kind token).
    pub next_token: Option<&'a mut dyn Token>,
}

/// A request of an action that pages; generated from the spec key `pagination`.
///
/// The impl is data: which members page, as trait objects, so the generated lines per action
/// are few and the machinery that walks the pages is compiled once per action only where
/// it is used.
pub trait Paginated: Action + Clone {
    /// One item of a page.
    type Item: Send + 'static;
    /// The kind and the largest documented page size.
    const PAGINATION: Pagination;

    /// The request members that page.
    fn request_members(&mut self) -> RequestMembers<'_>;
    /// The response members that page.
    fn response_members(response: &mut Self::Response) -> ResponseMembers<'_, Self::Item>;
}
