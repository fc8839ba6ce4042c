//! The upload retry policy: which answers are worth another try, how long to wait before it, and
//! when to stop trying on our own.
//!
//! Every try of one upload carries the same `Idempotency-Key`, so trying again after an answer
//! that never arrived cannot store the photo twice. After [`MAX_AUTO_ATTEMPTS`] the app stops on
//! its own and offers a manual "try again", still holding the photo; each press starts a new
//! round of automatic tries (the attempt count starts again from zero).

/// Automatic tries of one upload, the first one included.
pub const MAX_AUTO_ATTEMPTS: u32 = 4;
/// The ceiling of the wait before the first retry; it doubles with each retry.
pub const BASE_DELAY_MS: u32 = 500;
/// The ceiling never grows past this.
pub const MAX_DELAY_MS: u32 = 8_000;

/// The wait before automatic retry number `retry` (1-based; 0 counts as 1): exponential backoff
/// with full jitter, `jitter × min(MAX_DELAY_MS, BASE_DELAY_MS × 2^(retry-1))`, rounded down.
///
/// `jitter` comes from the caller's random source (the core has none) and should be in `[0, 1)`;
/// anything else is clamped to `[0, 1]`, and NaN counts as 0.5, so the result is always in
/// `0..=MAX_DELAY_MS`.
pub fn retry_delay_ms(retry: u32, jitter: f64) -> u32 {
    let doublings = retry.saturating_sub(1).min(16);
    let ceiling = BASE_DELAY_MS
        .saturating_mul(1 << doublings)
        .min(MAX_DELAY_MS);
    let jitter = if jitter.is_nan() {
        0.5
    } else {
        jitter.clamp(0.0, 1.0)
    };
    (f64::from(ceiling) * jitter).floor() as u32
}

/// What an answer (or its absence) means for the upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stored.
    Success,
    /// Worth trying again: no answer at all (network, timeout), 408, 429 or any 5xx.
    Transient,
    /// Trying again gives the same answer: every other 4xx (the file was refused, the step is
    /// over, the token expired…), and statuses an upload never expects (1xx, 3xx, ≥ 600).
    Permanent,
}

/// Classifies an upload's answer; `None` (or the `0` an `XMLHttpRequest` reports) means no answer
/// arrived.
pub fn classify(status: Option<u16>) -> Outcome {
    match status {
        None | Some(0) => Outcome::Transient,
        Some(200..=299) => Outcome::Success,
        Some(408 | 429 | 500..=599) => Outcome::Transient,
        Some(_) => Outcome::Permanent,
    }
}

/// What the app does after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// The upload is stored.
    Done,
    /// Try again, with the same key, after this many milliseconds.
    RetryAfter(u32),
    /// Stop trying on our own: show a manual "try again", keep the photo.
    GiveUp,
    /// A permanent refusal: show its error (a retake or another file may help; the same bytes
    /// will not).
    Fail,
}

/// The decision after `attempt` tries (the one just answered included; 0 counts as 1) ended
/// with `outcome`. `jitter` is as for [`retry_delay_ms`].
pub fn next(attempt: u32, outcome: Outcome, jitter: f64) -> Next {
    let attempt = attempt.max(1);
    match outcome {
        Outcome::Success => Next::Done,
        Outcome::Permanent => Next::Fail,
        Outcome::Transient if attempt >= MAX_AUTO_ATTEMPTS => Next::GiveUp,
        Outcome::Transient => Next::RetryAfter(retry_delay_ms(attempt, jitter)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ceilings_double_from_half_a_second_and_stop_at_eight() {
        let ceilings: Vec<u32> = (1..=8).map(|r| retry_delay_ms(r, 1.0)).collect();
        assert_eq!(
            ceilings,
            [500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000]
        );
        assert_eq!(retry_delay_ms(0, 1.0), 500, "retry 0 counts as the first");
        assert_eq!(retry_delay_ms(u32::MAX, 1.0), MAX_DELAY_MS);
    }

    #[test]
    fn jitter_spreads_the_wait_over_the_whole_window() {
        assert_eq!(retry_delay_ms(3, 0.0), 0);
        assert_eq!(retry_delay_ms(3, 0.5), 1_000);
        assert_eq!(retry_delay_ms(3, 0.999_999), 1_999);
    }

    #[test]
    fn unusable_jitter_is_clamped_or_halved() {
        assert_eq!(retry_delay_ms(2, f64::NAN), 500);
        assert_eq!(retry_delay_ms(2, f64::INFINITY), 1_000);
        assert_eq!(retry_delay_ms(2, f64::NEG_INFINITY), 0);
        assert_eq!(retry_delay_ms(2, -3.0), 0);
        assert_eq!(retry_delay_ms(2, 7.0), 1_000);
    }

    #[test]
    fn answers_are_classified() {
        use Outcome::*;
        let cases = [
            (None, Transient),
            (Some(0), Transient),
            (Some(200), Success),
            (Some(201), Success),
            (Some(204), Success),
            (Some(408), Transient),
            (Some(429), Transient),
            (Some(500), Transient),
            (Some(502), Transient),
            (Some(503), Transient),
            (Some(504), Transient),
            (Some(400), Permanent),
            (Some(401), Permanent),
            (Some(403), Permanent),
            (Some(404), Permanent),
            (Some(409), Permanent),
            (Some(413), Permanent),
            (Some(415), Permanent),
            (Some(422), Permanent),
            (Some(100), Permanent),
            (Some(302), Permanent),
            (Some(600), Permanent),
        ];
        for (status, want) in cases {
            assert_eq!(classify(status), want, "{status:?}");
        }
    }

    #[test]
    fn a_failing_upload_is_tried_four_times_then_handed_to_the_user() {
        let mut attempts = 1;
        let mut waits = Vec::new();
        loop {
            match next(attempts, Outcome::Transient, 1.0) {
                Next::RetryAfter(ms) => {
                    waits.push(ms);
                    attempts += 1;
                }
                Next::GiveUp => break,
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(attempts, MAX_AUTO_ATTEMPTS);
        assert_eq!(waits, [500, 1_000, 2_000]);
    }

    #[test]
    fn success_and_permanent_refusals_end_at_once() {
        for attempt in [0, 1, 2, MAX_AUTO_ATTEMPTS, 99] {
            assert_eq!(next(attempt, Outcome::Success, 0.3), Next::Done);
            assert_eq!(next(attempt, Outcome::Permanent, 0.3), Next::Fail);
        }
    }

    proptest! {
        #[test]
        fn the_policy_never_panics_and_stays_in_bounds(
            attempt in any::<u32>(),
            status in proptest::option::of(any::<u16>()),
            jitter in prop_oneof![
                any::<f64>(),
                0.0f64..1.0,
                Just(f64::NAN),
                Just(f64::INFINITY),
                Just(f64::NEG_INFINITY),
            ],
        ) {
            let delay = retry_delay_ms(attempt, jitter);
            prop_assert!(delay <= MAX_DELAY_MS);
            // The same jitter never waits less for a later retry.
            prop_assert!(retry_delay_ms(attempt.saturating_add(1), jitter) >= delay);
            let outcome = classify(status);
            match next(attempt, outcome, jitter) {
                Next::Done => prop_assert_eq!(outcome, Outcome::Success),
                Next::Fail => prop_assert_eq!(outcome, Outcome::Permanent),
                Next::GiveUp => {
                    prop_assert_eq!(outcome, Outcome::Transient);
                    prop_assert!(attempt >= MAX_AUTO_ATTEMPTS);
                }
                Next::RetryAfter(ms) => {
                    prop_assert_eq!(outcome, Outcome::Transient);
                    prop_assert!(attempt < MAX_AUTO_ATTEMPTS);
                    prop_assert!(ms <= MAX_DELAY_MS);
                }
            }
        }

        #[test]
        fn jitter_in_range_stays_under_the_ceiling(retry in 1u32..40, jitter in 0.0f64..1.0) {
            let ceiling = retry_delay_ms(retry, 1.0);
            prop_assert!(retry_delay_ms(retry, jitter) < ceiling);
        }
    }
}
