//! Typed condition values as IAM reads them (A.5): numbers, dates (W3C ISO 8601 or epoch
//! seconds), IP addresses and CIDR blocks, booleans and base64 binaries.
//!
//! Validation uses these to report type mismatches; the evaluator should use the same functions
//! so that "does not parse" means the same thing in both places. A policy value that does not
//! parse for its operator is a `type-mismatch-*` warning (IAM stores the policy); when the
//! evaluator reaches such a condition it must answer "cannot evaluate" naming the value, never
//! treat it as a silent non-match.

use std::net::IpAddr;

/// A number as numeric operators compare it: an integer or a decimal (`-5`, `0.25`).
/// Exponents, `+`, leading dots and hex are refused.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    t.parse::<f64>().ok()
}

/// A date as date operators compare it, in milliseconds since 1970-01-01T00:00:00Z.
///
/// Accepts epoch seconds (`1700000000`, AWS's `aws:EpochTime` form) and the W3C profile of
/// ISO 8601: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mmTZD`, `YYYY-MM-DDThh:mm:ssTZD`,
/// `YYYY-MM-DDThh:mm:ss.sTZD`, where TZD is `Z` or `±hh:mm`.
pub fn parse_date_millis(text: &str) -> Option<i64> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && t.len() != 4 {
        return t.parse::<i64>().ok()?.checked_mul(1000);
    }
    let (date, time) = match t.split_once('T') {
        Some((d, rest)) => (d, Some(rest)),
        None => (t, None),
    };
    let mut parts = date.split('-');
    let year = num(parts.next()?, 4)?;
    let month = parts.next().map(|m| num(m, 2)).unwrap_or(Some(1))?;
    let day = parts.next().map(|d| num(d, 2)).unwrap_or(Some(1))?;
    if parts.next().is_some() || !(1..=12).contains(&month) || day < 1 || day > days_in(year, month)
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let mut millis = days.checked_mul(86_400_000)?;
    if let Some(time) = time {
        let (clock, offset_min) = split_zone(time)?;
        let mut hms = clock.split(':');
        let h = num(hms.next()?, 2)?;
        let m = num(hms.next()?, 2)?;
        let (s, frac_ms) = match hms.next() {
            Some(sec) => {
                let (whole, frac) = match sec.split_once('.') {
                    Some((w, f)) => (w, Some(f)),
                    None => (sec, None),
                };
                let s = num(whole, 2)?;
                let ms = match frac {
                    Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
                        let padded: String = f.chars().chain("000".chars()).take(3).collect();
                        padded.parse::<i64>().ok()?
                    }
                    Some(_) => return None,
                    None => 0,
                };
                (s, ms)
            }
            None => (0, 0),
        };
        if hms.next().is_some() || h > 23 || m > 59 || s > 60 {
            return None;
        }
        millis += ((h * 60 + m - offset_min) * 60 + s) * 1000 + frac_ms;
    }
    Some(millis)
}

/// Splits `hh:mm[:ss[.s]]TZD` into the clock and the zone offset in minutes.
fn split_zone(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix('Z').or_else(|| time.strip_suffix('z')) {
        return Some((clock, 0));
    }
    let idx = time.rfind(['+', '-'])?;
    let (clock, zone) = (time.get(..idx)?, time.get(idx..)?);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let (zh, zm) = zone.get(1..)?.split_once(':')?;
    let (zh, zm) = (num(zh, 2)?, num(zm, 2)?);
    if zh > 23 || zm > 59 {
        return None;
    }
    Some((clock, sign * (zh * 60 + zm)))
}

fn num(s: &str, len: usize) -> Option<i64> {
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn days_in(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An IP address or CIDR block as `IpAddress` reads it; a bare address is a /32 (or /128).
pub fn parse_cidr(text: &str) -> Option<(IpAddr, u8)> {
    let t = text.trim();
    let (addr, prefix) = match t.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (t, None),
    };
    let ip: IpAddr = addr.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
            p.parse::<u8>().ok()?
        }
        Some(_) => return None,
        None => max,
    };
    (prefix <= max).then_some((ip, prefix))
}

/// A boolean as `Bool` reads it: `true` or `false`, in any case.
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Whether `text` is base64 as `BinaryEquals` expects (standard alphabet, padded).
pub fn is_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    let pad = text.len() - body.len();
    !text.is_empty()
        && text.len() % 4 == 0
        && pad <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_integers_or_decimals() {
        assert_eq!(parse_number("3600"), Some(3600.0));
        assert_eq!(parse_number("-0.25"), Some(-0.25));
        assert_eq!(parse_number("1e3"), None);
        assert_eq!(parse_number("one"), None);
        assert_eq!(parse_number(".5"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn dates_in_iso_8601_or_epoch_seconds() {
        assert_eq!(parse_date_millis("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_date_millis("1700000000"), Some(1_700_000_000_000));
        assert_eq!(
            parse_date_millis("2019-07-16T12:00:00Z"),
            Some(1_563_278_400_000)
        );
        assert_eq!(
            parse_date_millis("2019-07-16T14:00:00+02:00"),
            parse_date_millis("2019-07-16T12:00:00Z")
        );
        assert_eq!(
            parse_date_millis("2019-07-16T12:00Z"),
            Some(1_563_278_400_000)
        );
        assert_eq!(
            parse_date_millis("2019-07-16T12:00:00.5Z"),
            Some(1_563_278_400_500)
        );
        assert_eq!(parse_date_millis("2019-07-16"), Some(1_563_235_200_000));
        assert_eq!(parse_date_millis("2019"), parse_date_millis("2019-01-01"));
        assert_eq!(parse_date_millis("2019-02-30"), None);
        assert_eq!(parse_date_millis("2019-13-01"), None);
        assert_eq!(parse_date_millis("yesterday"), None);
        assert_eq!(parse_date_millis("2019-07-16T25:00:00Z"), None);
    }

    #[test]
    fn cidrs_and_bare_addresses() {
        assert_eq!(parse_cidr("10.0.0.0/8").unwrap().1, 8);
        assert_eq!(parse_cidr("203.0.113.7").unwrap().1, 32);
        assert_eq!(parse_cidr("2001:db8::/32").unwrap().1, 32);
        assert_eq!(parse_cidr("::1").unwrap().1, 128);
        assert_eq!(parse_cidr("10.0.0.0/33"), None);
        assert_eq!(parse_cidr("10.0.0/8"), None);
        assert_eq!(parse_cidr("10.0.0.0/"), None);
    }

    #[test]
    fn booleans_and_base64() {
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("false"), Some(false));
        assert_eq!(parse_bool("yes"), None);
        assert!(is_base64("QmluYXJ5"));
        assert!(is_base64("QQ=="));
        assert!(!is_base64("not base64"));
        assert!(!is_base64("QQ="));
    }
}
