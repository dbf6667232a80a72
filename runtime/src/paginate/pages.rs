//! The streams of pages and items, and the stop rule.

use std::collections::HashSet;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::{Kind, Paginated};
use crate::action::Action;
use crate::client::Client;
use crate::error::Error;
use crate::retry::RetryPolicy;
use std::time::Duration;

/// What comes after a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Next {
    /// The stream ends.
    Stop,
    /// Ask for this offset or page number.
    Position(u64),
    /// Ask with this token.
    Token(String),
}

/// The position of a paginator, and the stop rule (not generic: compiled once).
#[derive(Debug, Clone)]
pub(crate) struct Cursor {
    kind: Kind,
    /// Offset or page number of the page asked for.
    position: u64,
    /// The offset or page number of the first page asked for.
    start: u64,
    /// The page size asked for, if known.
    size: Option<u64>,
    /// Items received so far (kind page: to compare with the total).
    received: u64,
    /// Every token sent so far (kind token).
    sent: HashSet<String>,
}

impl Cursor {
    /// A cursor for the first page: `position` and `token` as the request holds them.
    pub(crate) fn new(
        kind: Kind,
        position: Option<u64>,
        size: Option<u64>,
        token: Option<&str>,
    ) -> Self {
        let position = match kind {
            Kind::Offset | Kind::Token => position.unwrap_or(0),
            Kind::Page { first } => position.unwrap_or(first),
        };
        let mut sent = HashSet::new();
        if let Some(t) = token {
            sent.insert(t.to_owned());
        }
        Self {
            kind,
            position,
            start: position,
            size,
            received: 0,
            sent,
        }
    }

    /// The stop rule: given the page just received (`count` items, the response's total and
    /// next token), what to ask for next. `Err` names what makes the next page impossible.
    pub(crate) fn after_page(
        &mut self,
        count: usize,
        total: Option<u64>,
        next_token: Option<&str>,
    ) -> Result<Next, String> {
        let count = count as u64;
        if count == 0 {
            return Ok(Next::Stop);
        }
        self.received = self.received.saturating_add(count);
        let short = self.size.is_some_and(|size| count < size);
        match self.kind {
            Kind::Offset => {
                let next = self.position.saturating_add(count);
                let done = reached(next, total, short);
                if done {
                    return Ok(Next::Stop);
                }
                self.position = next;
                Ok(Next::Position(next))
            }
            Kind::Page { first } => {
                // Items before the first page asked for count too.
                let before = self
                    .size
                    .map_or(0, |s| self.start.saturating_sub(first).saturating_mul(s));
                let done = reached(before.saturating_add(self.received), total, short);
                if done {
                    return Ok(Next::Stop);
                }
                self.position = self.position.saturating_add(1);
                Ok(Next::Position(self.position))
            }
            Kind::Token => match next_token {
                None => Ok(Next::Stop),
                Some(token) => {
                    if !self.sent.insert(token.to_owned()) {
                        return Err(format!(
                            "the response gave the token {token:?} again: the next page would repeat one already received"
                        ));
                    }
                    Ok(Next::Token(token.to_owned()))
                }
            },
        }
    }
}

/// Whether the items up to `covered` end the collection: the total says so when it is
/// reached exactly. A total below `covered` contradicts the pages themselves (it shrank, or
/// the response left it out and it reads as 0): it is not trusted, and a short page decides,
/// as without a total, so that no item is lost to it; the next page is then empty or short.
fn reached(covered: u64, total: Option<u64>, short: bool) -> bool {
    match total {
        Some(total) if covered <= total => covered == total,
        _ => short,
    }
}

type PageFuture<A> = Pin<
    Box<dyn Future<Output = Result<<A as Action>::Response, Error<<A as Action>::Error>>> + Send>,
>;

/// The pages of a paged action: a [`Stream`] of its responses. Made by
/// [`Client::paginate`]; dropping it cancels the request in flight.
#[must_use = "a paginator does nothing until polled"]
pub struct Pages<A: Paginated> {
    client: Client,
    /// The request of the next page; `None` once the stream has ended.
    next: Option<A>,
    in_flight: Option<PageFuture<A>>,
    cursor: Cursor,
    /// Per-call overrides applied to every page's call.
    region: Option<String>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
}

// `A` is only ever moved, never pinned: the stream is `Unpin` whatever the request type.
impl<A: Paginated> Unpin for Pages<A> {}

impl<A: Paginated> fmt::Debug for Pages<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("action", &A::META.name)
            .field("cursor", &self.cursor)
            .field("in_flight", &self.in_flight.is_some())
            .field("ended", &(self.next.is_none() && self.in_flight.is_none()))
            .finish()
    }
}

impl<A: Paginated + 'static> Pages<A> {
    /// The pages of `request`, from the page it asks for; the largest documented page size
    /// when it sets none.
    pub fn new(client: Client, mut request: A) -> Self {
        let paging = A::PAGINATION;
        let members = request.request_members();
        let mut size = None;
        if let Some(field) = members.page_size {
            if field.get().is_none() {
                if let Some(max) = paging.max_page_size {
                    field.set(max);
                }
            }
            size = field.get();
        }
        let position = members.position.and_then(|p| p.get());
        let token = members.token.and_then(|t| t.get());
        let cursor = Cursor::new(paging.kind, position, size, token);
        Self {
            client,
            next: Some(request),
            in_flight: None,
            cursor,
            region: None,
            timeout: None,
            retry: None,
        }
    }

    /// Region of every page's call (as [`Call::region`](crate::Call::region)).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Timeout of each attempt of every page's call (as [`Call::timeout`](crate::Call::timeout)).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retry policy of every page's call (as [`Call::retry`](crate::Call::retry)).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The next page; `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<A::Response, Error<A::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The items of every page, one by one.
    pub fn items(self) -> PageItems<A> {
        PageItems {
            pages: self,
            buffer: Vec::new().into_iter(),
        }
    }

    /// Prepares the request after `response`, or ends the stream.
    fn advance(&mut self, response: &mut A::Response) -> Result<(), Error<A::Error>> {
        let members = A::response_members(response);
        let count = members.items.count();
        let total = members.total.and_then(|t| t.get());
        let token = members.next_token.as_ref().and_then(|t| t.get());
        let next = self.cursor.after_page(count, total, token);
        let Some(mut request) = self.next.take() else {
            return Ok(());
        };
        match next {
            Ok(Next::Stop) => {}
            Ok(Next::Position(p)) => {
                if let Some(field) = request.request_members().position {
                    field.set(p);
                    self.next = Some(request);
                }
            }
            Ok(Next::Token(t)) => {
                if let Some(field) = request.request_members().token {
                    field.set(t);
                    self.next = Some(request);
                }
            }
            Err(reason) => {
                return Err(Error::Pagination {
                    action: A::META.name,
                    reason,
                });
            }
        }
        Ok(())
    }
}

impl<A: Paginated + 'static> Stream for Pages<A> {
    type Item = Result<A::Response, Error<A::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.in_flight.is_none() {
            let Some(request) = this.next.as_ref() else {
                return Poll::Ready(None);
            };
            let mut call = this.client.send(request.clone());
            if let Some(region) = &this.region {
                call = call.region(region.clone());
            }
            if let Some(timeout) = this.timeout {
                call = call.timeout(timeout);
            }
            if let Some(retry) = &this.retry {
                call = call.retry(*retry);
            }
            let call = call.into_future();
            this.in_flight = Some(call);
        }
        let Some(call) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let outcome = match call.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(outcome) => outcome,
        };
        this.in_flight = None;
        match outcome {
            Ok(mut response) => match this.advance(&mut response) {
                Ok(()) => Poll::Ready(Some(Ok(response))),
                Err(e) => {
                    // The page itself is good; the error ends the stream after it.
                    this.next = None;
                    this.in_flight = Some(Box::pin(std::future::ready(Err(e))));
                    Poll::Ready(Some(Ok(response)))
                }
            },
            Err(e) => {
                this.next = None;
                Poll::Ready(Some(Err(e)))
            }
        }
    }
}

/// The items of every page of a paged action: a [`Stream`] of items. Made by
/// [`Pages::items`].
#[must_use = "a paginator does nothing until polled"]
pub struct PageItems<A: Paginated> {
    pages: Pages<A>,
    buffer: std::vec::IntoIter<A::Item>,
}

impl<A: Paginated> Unpin for PageItems<A> {}

impl<A: Paginated> fmt::Debug for PageItems<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageItems")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<A: Paginated + 'static> PageItems<A> {
    /// The next item; `None` once every page has been read.
    pub async fn next(&mut self) -> Option<Result<A::Item, Error<A::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item of every page, or the first error.
    pub async fn collect(mut self) -> Result<Vec<A::Item>, Error<A::Error>> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}

impl<A: Paginated + 'static> Stream for PageItems<A> {
    type Item = Result<A::Item, Error<A::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(mut page))) => {
                    this.buffer = A::response_members(&mut page).items.take().into_iter();
                }
            }
        }
    }
}

impl Client {
    /// Every page of a paged action, from the page `request` asks for: see
    /// [`crate::paginate`]. `.items()` on it gives the items one by one.
    pub fn paginate<A: Paginated + 'static>(&self, request: A) -> Pages<A> {
        Pages::new(self.clone(), request)
    }
}

#[cfg(test)]
mod tests;
