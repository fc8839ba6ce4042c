//! Limits on every connection, plain or TLS, below HTTP: at most `max_connections` served at
//! once (more wait in the accept queue), and a connection whose client stalls is closed.
//!
//! "Stalls" means: a read by the server waits more than `idle` for a single byte (a request's
//! headers or body that stop coming, an idle keep-alive connection, a websocket whose client no
//! longer answers the platform's pings), or a write waits more than `idle` for the client to take
//! a single byte. The clock runs only while the server waits on the client, so a slow handler
//! never counts against the client, and every byte that moves starts it again: an upload over a
//! slow phone network that keeps sending is never cut, however long it takes. Websockets stay
//! open while idle because the platform pings every 25 s (`routes/ws.rs`) and browsers answer.
//!
//! A client that trickles a byte of its headers now and then never stalls by this measure; the
//! deadline for a whole request head is hyper's header read timeout, set in `serve` (lib.rs).

use axum::serve::Listener;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;

/// A listener whose connections are limited in number and closed when their client stalls.
pub struct Guarded<L> {
    inner: L,
    idle: Duration,
    permits: Arc<Semaphore>,
}

impl<L> Guarded<L> {
    pub fn new(inner: L, idle: Duration, max_connections: usize) -> Guarded<L> {
        Guarded {
            inner,
            idle,
            permits: Arc::new(Semaphore::new(max_connections.max(1))),
        }
    }
}

impl<L: Listener> Listener for Guarded<L> {
    type Io = Stalls<L::Io>;
    type Addr = L::Addr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        // The semaphore is never closed, so this waits for a free place and never fails.
        let permit = match self.permits.clone().acquire_owned().await {
            Ok(permit) => permit,
            Err(_) => std::future::pending().await,
        };
        let (io, addr) = self.inner.accept().await;
        (Stalls::new(io, self.idle, permit), addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// A connection that fails with `TimedOut` once its client has stalled for `idle`; holds its
/// place among the connections until dropped.
pub struct Stalls<T> {
    inner: T,
    idle: Duration,
    reading: Option<Pin<Box<Sleep>>>,
    writing: Option<Pin<Box<Sleep>>>,
    _place: OwnedSemaphorePermit,
}

impl<T> Stalls<T> {
    fn new(inner: T, idle: Duration, place: OwnedSemaphorePermit) -> Stalls<T> {
        Stalls {
            inner,
            idle,
            reading: None,
            writing: None,
            _place: place,
        }
    }
}

/// `Ready` results clear the wait; `Pending` starts it (once) and turns into `TimedOut` when it
/// has lasted `idle`.
fn watch<R>(
    polled: Poll<io::Result<R>>,
    wait: &mut Option<Pin<Box<Sleep>>>,
    idle: Duration,
    cx: &mut Context<'_>,
    what: &str,
) -> Poll<io::Result<R>> {
    match polled {
        Poll::Ready(result) => {
            *wait = None;
            Poll::Ready(result)
        }
        Poll::Pending => {
            let timer = wait.get_or_insert_with(|| Box::pin(tokio::time::sleep(idle)));
            match timer.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!("the client {what} nothing for {idle:?}"),
                ))),
                Poll::Pending => Poll::Pending,
            }
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Stalls<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_read(cx, buf);
        watch(polled, &mut this.reading, this.idle, cx, "sent")
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Stalls<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_write(cx, buf);
        watch(polled, &mut this.writing, this.idle, cx, "took")
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_flush(cx);
        watch(polled, &mut this.writing, this.idle, cx, "took")
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_shutdown(cx);
        watch(polled, &mut this.writing, this.idle, cx, "took")
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        watch(polled, &mut this.writing, this.idle, cx, "took")
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
