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
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(8);
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
    let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        for handle in handles {
            // A panic in a worker is a bug; carry it to the caller as if it ran here.
            done.extend(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        done
    });
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
}
