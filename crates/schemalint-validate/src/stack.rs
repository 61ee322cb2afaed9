//! Recursion on instance depth is bounded by `max_depth`, but a default
//! thread stack (2 MiB for spawned threads) cannot hold `max_depth` levels of
//! the evaluators in every build. Past `HOP_DEPTH` levels the walk continues
//! on a scoped thread whose stack is sized for the configured limit; stacks
//! are reserved lazily, so the cost is one thread spawn per deep subtree.

/// Instance depth at which evaluation moves to a big stack.
pub(crate) const HOP_DEPTH: usize = 64;

/// Stack bytes reserved per level of remaining depth (generous for debug builds).
const BYTES_PER_LEVEL: usize = 32 * 1024;

/// Runs `f` on a thread with a stack big enough for `max_depth` levels;
/// `None` when no such thread could be started.
pub(crate) fn on_big_stack<R: Send>(max_depth: usize, f: impl FnOnce() -> R + Send) -> Option<R> {
    let size = max_depth
        .saturating_mul(BYTES_PER_LEVEL)
        .clamp(4 << 20, 1 << 30);
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("schemalint-validate-deep".to_owned())
            .stack_size(size)
            .spawn_scoped(scope, f)
            .ok()?;
        match handle.join() {
            Ok(r) => Some(r),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}
