//! Work run on the worker pool ([`crate::runner::worker_pool`], the one `check` lints
//! files on) with its results handed back in input order, as soon as each is next, and
//! with a bounded number of items in flight: the producer (reading input on the calling
//! thread) waits when the reorder window is full, so memory does not grow with the input.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;

/// Items sent to a worker together (fewer when the producer is about to wait for input,
/// see [`Feeder::drain`]). Groups amortise the cost of a task over small items.
const GROUP_ITEMS: usize = 64;
/// A group is sent once its items hold this many bytes.
const GROUP_BYTES: usize = 256 << 10;
/// Groups in flight per worker thread: enough to keep every worker busy while the
/// oldest group, which output waits for, is still running.
const GROUPS_PER_THREAD: usize = 4;

/// What a producer feeds items to.
pub struct Feeder<'e, 's, T, R> {
    work: &'s (dyn Fn(T) -> R + Sync),
    emit: &'e mut dyn FnMut(R) -> ControlFlow<()>,
    stopped: bool,
    parallel: Option<Parallel<'e, 's, T, R>>,
}

type GroupResult<R> = (u64, std::thread::Result<Vec<R>>);

struct Parallel<'e, 's, T, R> {
    scope: &'e rayon::Scope<'s>,
    group: Vec<T>,
    group_bytes: usize,
    /// Groups spawned so far, and the next one to emit.
    sent: u64,
    next: u64,
    window: u64,
    done_tx: mpsc::Sender<GroupResult<R>>,
    done_rx: mpsc::Receiver<GroupResult<R>>,
    /// Finished groups that wait for an older one.
    finished: BTreeMap<u64, Vec<R>>,
}

/// Runs `produce`, which feeds items to a [`Feeder`]. Each item goes through `work`, on
/// `pool`'s threads (on this thread, one at a time, when `pool` is `None`), and `emit`
/// gets the results in the order the items were fed, on this thread. Once `emit` returns
/// `Break`, later results are dropped and [`Feeder::stopped`] says so.
pub fn in_order<T, R, O>(
    pool: Option<&rayon::ThreadPool>,
    work: &(dyn Fn(T) -> R + Sync),
    emit: &mut dyn FnMut(R) -> ControlFlow<()>,
    produce: impl FnOnce(&mut Feeder<'_, '_, T, R>) -> O,
) -> O
where
    T: Send,
    R: Send,
{
    let Some(pool) = pool else {
        let mut feeder = Feeder {
            work,
            emit,
            stopped: false,
            parallel: None,
        };
        return produce(&mut feeder);
    };
    let window = (pool.current_num_threads() * GROUPS_PER_THREAD) as u64;
    pool.in_place_scope(|scope| {
        let (done_tx, done_rx) = mpsc::channel();
        let mut feeder = Feeder {
            work,
            emit,
            stopped: false,
            parallel: Some(Parallel {
                scope,
                group: Vec::new(),
                group_bytes: 0,
                sent: 0,
                next: 0,
                window,
                done_tx,
                done_rx,
                finished: BTreeMap::new(),
            }),
        };
        let output = produce(&mut feeder);
        feeder.drain();
        output
    })
}

impl<'s, T: Send + 's, R: Send + 's> Feeder<'_, 's, T, R> {
    /// Queues one item; `bytes` is its size, which decides when a group is full.
    pub fn push(&mut self, item: T, bytes: usize) {
        if self.stopped {
            return;
        }
        let Some(p) = &mut self.parallel else {
            let result = (self.work)(item);
            self.stopped = (self.emit)(result).is_break();
            return;
        };
        p.group.push(item);
        p.group_bytes += bytes;
        if p.group.len() >= GROUP_ITEMS || p.group_bytes >= GROUP_BYTES {
            self.send_group();
        }
        self.emit_ready(false);
    }

    /// The producer is about to wait for input: finish what was fed and emit its
    /// results now, rather than when more input arrives.
    pub fn drain(&mut self) {
        self.send_group();
        while let Some(p) = &self.parallel {
            if p.next == p.sent {
                break;
            }
            self.emit_ready(true);
        }
    }

    /// `emit` asked to stop: the producer need not feed more.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    fn send_group(&mut self) {
        let in_flight = match &self.parallel {
            Some(p) if !p.group.is_empty() && !self.stopped => p.sent - p.next,
            _ => return,
        };
        let window = self.parallel.as_ref().map_or(0, |p| p.window);
        if in_flight >= window {
            // The window is full: wait for the oldest group.
            self.emit_ready(true);
        }
        let Some(p) = &mut self.parallel else { return };
        let group = std::mem::take(&mut p.group);
        p.group_bytes = 0;
        let seq = p.sent;
        p.sent += 1;
        let done = p.done_tx.clone();
        let work = self.work;
        p.scope.spawn(move |_| {
            // A panic is carried to the calling thread, which re-raises it; the
            // result always arrives, so nothing waits for it forever.
            let results = std::panic::catch_unwind(AssertUnwindSafe(|| {
                group.into_iter().map(work).collect::<Vec<R>>()
            }));
            let _ = done.send((seq, results));
        });
    }

    /// Emits the results that are next in order; with `wait`, first waits until the oldest
    /// group in flight is done.
    fn emit_ready(&mut self, mut wait: bool) {
        let Some(p) = &mut self.parallel else { return };
        loop {
            while let Some(results) = p.finished.remove(&p.next) {
                p.next += 1;
                wait = false;
                for r in results {
                    if !self.stopped {
                        self.stopped = (self.emit)(r).is_break();
                    }
                }
            }
            if p.next == p.sent {
                return;
            }
            let received = if wait {
                p.done_rx.recv().ok()
            } else {
                p.done_rx.try_recv().ok()
            };
            match received {
                Some((seq, Ok(results))) => {
                    p.finished.insert(seq, results);
                }
                Some((_, Err(panic))) => std::panic::resume_unwind(panic),
                None => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(threads: Option<usize>, items: usize, stop_at: Option<usize>) -> Vec<usize> {
        let pool = threads.map(|n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        });
        let mut out = Vec::new();
        let work = |i: usize| {
            // Later items finish first, so results arrive out of order.
            std::thread::sleep(std::time::Duration::from_micros(
                ((items - i) % 7) as u64 * 50,
            ));
            i * 2
        };
        in_order(
            pool.as_ref(),
            &work,
            &mut |r| {
                out.push(r);
                if stop_at == Some(r) {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
            |feeder| {
                for i in 0..items {
                    if feeder.stopped() {
                        break;
                    }
                    feeder.push(i, 1);
                    if i % 100 == 99 {
                        feeder.drain();
                    }
                }
            },
        );
        out
    }

    #[test]
    fn results_come_back_in_input_order() {
        let sequential = run(None, 1000, None);
        assert_eq!(sequential, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(run(Some(3), 1000, None), sequential);
        assert_eq!(run(Some(1), 1000, None), sequential);
    }

    #[test]
    fn nothing_is_emitted_after_a_stop() {
        for threads in [None, Some(2)] {
            let out = run(threads, 1000, Some(20));
            assert_eq!(out, (0..=10).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let caught = std::panic::catch_unwind(AssertUnwindSafe(|| {
            in_order(
                Some(&pool),
                &|i: usize| {
                    assert!(i != 5, "item 5");
                    i
                },
                &mut |_| ControlFlow::Continue(()),
                |feeder| (0..10).for_each(|i| feeder.push(i, 1)),
            )
        }));
        assert!(caught.is_err());
    }
}
