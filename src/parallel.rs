//! Work over many pages split across the cores: indexing and checking the whole site read and
//! parse every page independently, so each core takes pages on its own thread.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many items a worker takes at a time. Shares are taken in turn by whichever worker is
/// free, so a run of heavy pages, or a worker the OS sets aside on a loaded machine, holds up
/// only its current share instead of a whole fixed part of the site.
const SHARE: usize = 32;

/// `f` applied to every item, in the items' order, on one worker per core (at most 8), the
/// calling thread being one of them. Small inputs stay on the calling thread.
pub(crate) fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = workers();
    if workers < 2 || items.len() < 64 {
        return items.iter().map(f).collect();
    }
    let shares: Vec<&[T]> = items.chunks(SHARE).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(share) = shares.get(i) else {
                return done;
            };
            done.push((i, share.iter().map(&f).collect::<Vec<R>>()));
        }
    };
    let done: Vec<Share<R>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        joined(work(), handles)
    });
    in_order(done)
}

/// `f` applied to every item `produce` hands to the function it is given, on one worker per
/// core (at most 8), while `produce` goes on: the files a walk of the content folder finds are
/// read and parsed as they are found instead of after it. `produce` runs on the calling
/// thread, which works through the rest once it returns. Results in the order produced.
pub(crate) fn map_as_produced<T: Send, R: Send>(
    produce: impl FnOnce(&mut dyn FnMut(T)),
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let workers = workers();
    if workers < 2 {
        let mut items = Vec::new();
        produce(&mut |item| items.push(item));
        return items.iter().map(f).collect();
    }
    let (send, receive) = std::sync::mpsc::channel::<(usize, Vec<T>)>();
    let receive = std::sync::Mutex::new(receive);
    let work = || {
        let mut done = Vec::new();
        loop {
            // A worker waits for the next share holding the lock; the others wait for it.
            let next = receive
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .recv();
            let Ok((i, share)) = next else {
                // Everything was produced and taken.
                return done;
            };
            done.push((i, share.iter().map(&f).collect::<Vec<R>>()));
        }
    };
    let done: Vec<Share<R>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut share = Vec::with_capacity(SHARE);
        let mut shares = 0;
        produce(&mut |item| {
            share.push(item);
            if share.len() == SHARE {
                // The workers outlive the producing: the share always has a receiver.
                let _ = send.send((
                    shares,
                    std::mem::replace(&mut share, Vec::with_capacity(SHARE)),
                ));
                shares += 1;
            }
        });
        if !share.is_empty() {
            let _ = send.send((shares, share));
        }
        drop(send);
        joined(work(), handles)
    });
    in_order(done)
}

/// A share's number and its items' results.
type Share<R> = (usize, Vec<R>);

/// One worker per core, at most 8.
fn workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(8)
}

/// The calling thread's shares (`mine`) with those of the workers `handles`, each share as
/// `(its number, its results)`.
fn joined<R>(
    mut mine: Vec<Share<R>>,
    handles: Vec<std::thread::ScopedJoinHandle<'_, Vec<Share<R>>>>,
) -> Vec<Share<R>> {
    for handle in handles {
        // A panic in a worker is a bug; carry it to the caller as if it ran here.
        mine.extend(
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
    }
    mine
}

/// The results of numbered shares, in the shares' order.
fn in_order<R>(mut done: Vec<Share<R>>) -> Vec<R> {
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().flat_map(|(_, results)| results).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u32> = (0..1000).collect();
        let doubled = super::map_in_order(&items, |i| i * 2);
        assert_eq!(doubled, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(super::map_in_order(&items[..3], |i| i + 1), [1, 2, 3]);
    }

    #[test]
    fn results_keep_the_order_the_items_were_produced_in() {
        let doubled = super::map_as_produced(
            |each| {
                for i in 0..1000u32 {
                    each(i);
                }
            },
            |i| i * 2,
        );
        assert_eq!(doubled, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
        let none = super::map_as_produced(|_| {}, |i: &u32| i + 1);
        assert!(none.is_empty());
    }
}
