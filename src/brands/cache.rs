//! Keeps the brand insights from slowing checkout. An insight is an aggregate over a brand's
//! order lines: at a million lines it costs 70–160 ms of CPU (BENCHMARKS.md), on the same cores
//! that place orders. Two guards, per server instance:
//! - An answer is kept for `insight_cache_seconds` per operator and question: asking again within
//!   that time (a reload, a second tab, four colleagues on one brand account) gets the kept answer,
//!   and when several ask the same question at once only the first computes it, the others wait
//!   for that answer. The numbers are days-long aggregates: a minute's delay changes nothing a
//!   brand decides on. An error is not kept: the next ask computes again.
//! - At most `insight_workers` insights are computed at once; the others queue for a turn, so
//!   however many brand clients ask, the remaining cores stay with the shops.
//!
//! Nothing here decides money or access: the caller is checked before a kept answer is looked
//! up, and the key holds the operator, so one operator never gets another's answer.

use crate::error::AppError;
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OnceCell, Semaphore};

/// The most questions kept at once; past it, the expired ones go, then everything (a client
/// asking for many products' launches cannot grow the server's memory without bound).
const MAX_KEPT: usize = 4096;

type Answer = Arc<dyn Any + Send + Sync>;

struct Kept {
    since: Instant,
    answer: Arc<OnceCell<Answer>>,
}

/// The insights' kept answers and turns (a context of the server functions, one per instance).
#[derive(Clone)]
pub struct InsightCache {
    keep: Duration,
    kept: Arc<Mutex<HashMap<String, Kept>>>,
    turns: Arc<Semaphore>,
}

impl InsightCache {
    /// Answers kept `keep` (zero: nothing kept, every ask computes), `workers` computing at once
    /// (at least one).
    pub fn new(keep: Duration, workers: usize) -> InsightCache {
        InsightCache {
            keep,
            kept: Arc::new(Mutex::new(HashMap::new())),
            turns: Arc::new(Semaphore::new(workers.max(1))),
        }
    }

    /// The answer to `key` (which must name the operator and every parameter of the question):
    /// the kept one if younger than the keeping time, else `compute`'s, in a turn of its own.
    pub async fn answer<T, F, Fut>(&self, key: String, compute: F) -> Result<T, AppError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        if self.keep.is_zero() {
            let _turn = self.turns.acquire().await.map_err(|_| AppError::Internal)?;
            return compute().await;
        }
        let cell = self.cell(key.clone());
        let turns = self.turns.clone();
        let answer = cell
            .get_or_try_init(|| async move {
                let _turn = turns.acquire_owned().await.map_err(|_| AppError::Internal)?;
                compute().await.map(|v| Arc::new(v) as Answer)
            })
            .await;
        match answer {
            Ok(a) => a.downcast_ref::<T>().cloned().ok_or(AppError::Internal),
            Err(e) => {
                self.forget(&key, &cell);
                Err(e)
            }
        }
    }

    /// The cell of `key`: the kept one if still young, else a new empty one put in its place.
    fn cell(&self, key: String) -> Arc<OnceCell<Answer>> {
        let now = Instant::now();
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = kept.get(&key) {
            if now.duration_since(k.since) < self.keep {
                return k.answer.clone();
            }
        }
        if kept.len() >= MAX_KEPT {
            let keep = self.keep;
            kept.retain(|_, k| now.duration_since(k.since) < keep);
            if kept.len() >= MAX_KEPT {
                kept.clear();
            }
        }
        let answer = Arc::new(OnceCell::new());
        kept.insert(key, Kept { since: now, answer: answer.clone() });
        answer
    }

    /// Drops a cell that ended in an error (unless another has taken its place meanwhile).
    fn forget(&self, key: &str, cell: &Arc<OnceCell<Answer>>) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if kept.get(key).is_some_and(|k| Arc::ptr_eq(&k.answer, cell)) {
            kept.remove(key);
        }
    }

    /// How many questions are kept now (tests).
    pub fn len(&self) -> usize {
        self.kept.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    async fn all<T: 'static>(tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
        let tasks: Vec<_> = tasks.collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    }

    fn counting(n: &Arc<AtomicUsize>, value: i64) -> impl Future<Output = Result<i64, AppError>> {
        let n = n.clone();
        async move {
            n.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok(value)
        }
    }

    #[tokio::test]
    async fn the_same_question_at_once_is_computed_once_and_kept() {
        let cache = InsightCache::new(Duration::from_secs(60), 1);
        let n = Arc::new(AtomicUsize::new(0));
        let asks = (0..8).map(|_| {
            let (cache, n) = (cache.clone(), n.clone());
            tokio::spawn(async move { cache.answer("op1:active:30".into(), || counting(&n, 7)).await })
        });
        let answers = all(asks).await;
        assert!(answers.iter().all(|a| matches!(a, Ok(7))), "{answers:?}");
        assert_eq!(n.load(Ordering::SeqCst), 1);
        assert_eq!(cache.answer("op1:active:30".into(), || counting(&n, 8)).await.unwrap(), 7);
        assert_eq!(n.load(Ordering::SeqCst), 1);
        // Another operator or another parameter is another question.
        assert_eq!(cache.answer("op2:active:30".into(), || counting(&n, 9)).await.unwrap(), 9);
        assert_eq!(cache.answer("op1:active:31".into(), || counting(&n, 10)).await.unwrap(), 10);
        assert_eq!(n.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn nothing_is_kept_with_no_keeping_time_and_an_old_answer_is_computed_again() {
        let cache = InsightCache::new(Duration::ZERO, 1);
        let n = Arc::new(AtomicUsize::new(0));
        assert_eq!(cache.answer("k".into(), || counting(&n, 1)).await.unwrap(), 1);
        assert_eq!(cache.answer("k".into(), || counting(&n, 2)).await.unwrap(), 2);
        let cache = InsightCache::new(Duration::from_millis(50), 1);
        assert_eq!(cache.answer("k".into(), || counting(&n, 3)).await.unwrap(), 3);
        assert_eq!(cache.answer("k".into(), || counting(&n, 4)).await.unwrap(), 3);
        tokio::time::sleep(Duration::from_millis(60)).await;
        assert_eq!(cache.answer("k".into(), || counting(&n, 5)).await.unwrap(), 5);
        assert_eq!(n.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn an_error_is_not_kept() {
        let cache = InsightCache::new(Duration::from_secs(60), 1);
        let r: Result<i64, _> = cache.answer("k".into(), || async { Err(AppError::NotFound) }).await;
        assert!(matches!(r, Err(AppError::NotFound)));
        assert!(cache.is_empty());
        assert_eq!(cache.answer("k".into(), || async { Ok(3i64) }).await.unwrap(), 3);
    }

    #[tokio::test]
    async fn one_worker_computes_one_question_at_a_time() {
        let cache = InsightCache::new(Duration::from_secs(60), 1);
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let asks = (0..6).map(|i| {
            let (cache, running, most) = (cache.clone(), running.clone(), most.clone());
            tokio::spawn(async move {
                cache
                    .answer(format!("q{i}"), move || async move {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        running.fetch_sub(1, Ordering::SeqCst);
                        Ok(i)
                    })
                    .await
            })
        });
        let answers: Vec<_> = all(asks).await.into_iter().map(Result::unwrap).collect();
        assert_eq!(answers, (0..6).collect::<Vec<_>>());
        assert_eq!(most.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn the_kept_questions_are_bounded() {
        let cache = InsightCache::new(Duration::from_secs(60), 1);
        for i in 0..(MAX_KEPT + 10) {
            cache.answer(format!("launch:{i}"), || async { Ok(1i64) }).await.unwrap();
        }
        assert!(cache.len() <= MAX_KEPT, "{}", cache.len());
    }
}
