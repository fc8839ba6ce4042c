//! Warning before the link's time runs out (WCAG 2.2.1): the client cannot extend its token, so
//! the user is told in time to finish the step at hand.

/// How long before the link expires the warning appears.
pub const WARN_BEFORE_MS: f64 = 2.0 * 60.0 * 1000.0;

/// In how many milliseconds from `now_ms` to warn (0: at once), or `None` when there is nothing
/// to warn about: the link has expired already (the expired-link screen says so) or a time is
/// unreadable.
pub fn warning_delay_ms(now_ms: f64, expires_ms: f64) -> Option<f64> {
    if !now_ms.is_finite() || !expires_ms.is_finite() || expires_ms <= now_ms {
        return None;
    }
    Some((expires_ms - WARN_BEFORE_MS - now_ms).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_two_minutes_before_or_at_once() {
        let min = 60_000.0;
        assert_eq!(warning_delay_ms(0.0, 30.0 * min), Some(28.0 * min));
        assert_eq!(warning_delay_ms(0.0, 1.5 * min), Some(0.0));
        assert_eq!(warning_delay_ms(0.0, 0.0), None);
        assert_eq!(warning_delay_ms(10.0, 5.0), None);
        assert_eq!(warning_delay_ms(0.0, f64::NAN), None);
    }
}
