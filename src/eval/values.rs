//! Typed parsing of condition values (A.5): numbers (integer or decimal), dates (W3C
//! ISO-8601 or epoch **seconds**, F68), booleans (case-insensitive, F69), IP addresses and
//! CIDR blocks (IPv4 and IPv6; a bare address is a /32 or /128, F67), and base64 (F70).
//! Each parser returns `None` on text it cannot read; callers turn that into "cannot
//! evaluate", never a silent non-match.

// Every value parsed here comes from a policy or a request: arithmetic on it is checked
// (`None` on overflow, as for any text that is not a value), never wrapping or panicking.
#![deny(clippy::arithmetic_side_effects)]

use std::net::IpAddr;

/// Parses an integer or decimal number (`5`, `-3`, `2.50`, `.5`).
pub fn number(s: &str) -> Option<f64> {
    let t = s.trim();
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    let ok = digits(int)
        && frac.is_none_or(digits)
        && !(int.is_empty() && frac.is_none_or(str::is_empty));
    if !ok {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Days since 1970-01-01 of a proleptic Gregorian date (`None` only if it overflows, which
/// a 4-digit year cannot).
fn days_from_civil(y: i64, m: i64, d: i64) -> Option<i64> {
    let y = if m <= 2 { y.checked_sub(1)? } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = m.checked_add(9)?.rem_euclid(12);
    let doy = mp
        .checked_mul(153)?
        .checked_add(2)?
        .div_euclid(5)
        .checked_add(d)?
        .checked_sub(1)?;
    let doe = yoe
        .checked_mul(365)?
        .checked_add(yoe.div_euclid(4))?
        .checked_sub(yoe.div_euclid(100))?
        .checked_add(doy)?;
    era.checked_mul(146_097)?
        .checked_add(doe)?
        .checked_sub(719_468)
}

fn fixed_digits(s: &str, n: usize) -> Option<i64> {
    if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (y.rem_euclid(4) == 0 && y.rem_euclid(100) != 0) || y.rem_euclid(400) == 0 {
                29
            } else {
                28
            }
        }
    }
}

/// Epoch seconds as nanoseconds, or `None` when they are out of range: beyond ±10^20 seconds
/// (about 3 × 10^12 years) no instant is meant, and a number such as 10^300 would otherwise
/// saturate silently (then every `DateLessThan` would hold).
fn epoch_nanos(secs: f64) -> Option<i128> {
    const LIMIT_SECS: f64 = 1e20;
    if !secs.is_finite() || secs.abs() > LIMIT_SECS {
        return None;
    }
    // |secs × 10^9| ≤ 10^29 < i128::MAX (1.7 × 10^38): the conversion is exact to f64 precision
    #[allow(clippy::cast_possible_truncation)]
    let nanos = (secs * 1e9).round() as i128;
    Some(nanos)
}

/// Parses a date: epoch seconds (`1700000000`, `1700000000.5`) or ISO-8601
/// (`2026-01-02`, `2026-01-02T03:04Z`, `2026-01-02T03:04:05.678+01:00`). Returns nanoseconds
/// since the epoch.
pub fn date(s: &str) -> Option<i128> {
    let t = s.trim();
    if t.bytes()
        .all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
        && !t.contains("--")
    {
        let is_epoch = !t.get(1..).unwrap_or("").contains('-');
        if is_epoch {
            return epoch_nanos(number(t)?);
        }
    }
    let (date_part, time_part) = match t.split_once(['T', 't']) {
        Some((d, tm)) => (d, Some(tm)),
        None => (t, None),
    };
    let mut dp = date_part.split('-');
    let y = fixed_digits(dp.next()?, 4)?;
    let m = fixed_digits(dp.next()?, 2)?;
    let d = fixed_digits(dp.next()?, 2)?;
    if dp.next().is_some() || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    const NANOS_PER_DAY: i128 = 86_400 * 1_000_000_000;
    let mut nanos: i128 = i128::from(days_from_civil(y, m, d)?).checked_mul(NANOS_PER_DAY)?;
    let Some(tm) = time_part else {
        return Some(nanos);
    };
    // Split off the zone designator.
    let (clock, offset_secs) = if let Some(c) = tm.strip_suffix(['Z', 'z']) {
        (c, 0i64)
    } else if let Some(pos) = tm.rfind(['+', '-']) {
        let (c, z) = tm.split_at(pos);
        let negative = z.starts_with('-');
        let z = z.get(1..)?;
        let (hh, mm) = match z.split_once(':') {
            Some((h, m)) => (h, m),
            None if z.len() == 4 => (z.get(..2)?, z.get(2..)?),
            None => (z, "00"),
        };
        let (oh, om) = (fixed_digits(hh, 2)?, fixed_digits(mm, 2)?);
        if oh > 23 || om > 59 {
            return None;
        }
        let off = oh.checked_mul(3600)?.checked_add(om.checked_mul(60)?)?;
        (c, if negative { off.checked_neg()? } else { off })
    } else {
        (tm, 0)
    };
    let mut cp = clock.split(':');
    let h = fixed_digits(cp.next()?, 2)?;
    let mi = fixed_digits(cp.next()?, 2)?;
    let (sec, frac_nanos) = match cp.next() {
        None => (0, 0i128),
        Some(sx) => {
            let (whole, frac) = match sx.split_once(['.', ',']) {
                Some((w, f)) => (w, f),
                None => (sx, ""),
            };
            let s = fixed_digits(whole, 2)?;
            if !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 9 {
                return None;
            }
            let mut f: i128 = 0;
            for i in 0..9 {
                let dgt = frac
                    .as_bytes()
                    .get(i)
                    .map_or(0, |b| i128::from(b.saturating_sub(b'0')));
                f = f.checked_mul(10)?.checked_add(dgt)?;
            }
            (s, f)
        }
    };
    if cp.next().is_some() || h > 24 || mi > 59 || sec > 60 {
        return None;
    }
    // 24:00:00 is the end of the day; no later time on hour 24
    if h == 24 && (mi, sec, frac_nanos) != (0, 0, 0) {
        return None;
    }
    let secs = h
        .checked_mul(3600)?
        .checked_add(mi.checked_mul(60)?)?
        .checked_add(sec)?
        .checked_sub(offset_secs)?;
    nanos = nanos
        .checked_add(i128::from(secs).checked_mul(1_000_000_000)?)?
        .checked_add(frac_nanos)?;
    Some(nanos)
}

/// Parses `true` / `false`, case-insensitively.
pub fn boolean(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An IP network: address and prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    /// The network address as written.
    pub addr: IpAddr,
    /// The prefix length.
    pub prefix: u8,
}

/// A dotted-quad IPv4 address (fast path; no leading zeros, as the standard parser).
fn ipv4(s: &str) -> Option<std::net::Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut idx = 0usize;
    let mut val: u32 = 0;
    let mut digits = 0usize;
    let mut leading_zero = false;
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => {
                if digits == 1 && val == 0 {
                    leading_zero = true;
                }
                val = val
                    .checked_mul(10)?
                    .checked_add(u32::from(b.saturating_sub(b'0')))?;
                digits = digits.checked_add(1)?;
                if digits > 3 || leading_zero {
                    return None;
                }
            }
            b'.' => {
                if digits == 0 {
                    return None;
                }
                *octets.get_mut(idx)? = u8::try_from(val).ok()?;
                idx = idx.checked_add(1)?;
                val = 0;
                digits = 0;
            }
            _ => return None,
        }
    }
    if digits == 0 || idx != 3 {
        return None;
    }
    *octets.get_mut(3)? = u8::try_from(val).ok()?;
    Some(std::net::Ipv4Addr::from(octets))
}

/// Parses a CIDR block or a bare address.
pub fn cidr(s: &str) -> Option<Cidr> {
    let t = s.trim();
    let (a, p) = match t.bytes().position(|b| b == b'/') {
        Some(i) => (t.get(..i)?, Some(t.get(i.checked_add(1)?..)?)),
        None => (t, None),
    };
    let addr: IpAddr = match ipv4(a) {
        Some(v4) => IpAddr::V4(v4),
        None => a.parse().ok()?,
    };
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match p {
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
            p.parse::<u8>().ok()?
        }
        Some(_) => return None,
        None => max,
    };
    (prefix <= max).then_some(Cidr { addr, prefix })
}

/// Parses one IP address (a request value; a `/32` suffix is tolerated).
pub fn ip(s: &str) -> Option<IpAddr> {
    let c = cidr(s)?;
    let full = if c.addr.is_ipv4() { 32 } else { 128 };
    (c.prefix == full).then_some(c.addr)
}

/// Whether `addr` lies in `net` (different families never match).
pub fn cidr_contains(net: Cidr, addr: IpAddr) -> bool {
    match (net.addr, addr) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            let mask = 32u32
                .checked_sub(u32::from(net.prefix))
                .and_then(|shift| u32::MAX.checked_shl(shift))
                .unwrap_or(0);
            u32::from(n) & mask == u32::from(a) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => {
            let mask = 128u32
                .checked_sub(u32::from(net.prefix))
                .and_then(|shift| u128::MAX.checked_shl(shift))
                .unwrap_or(0);
            u128::from(n) & mask == u128::from(a) & mask
        }
        _ => false,
    }
}

/// Decodes standard base64 (padding optional, whitespace not allowed).
pub fn base64(s: &str) -> Option<Vec<u8>> {
    let t = s.trim_end_matches('=');
    if s.len().saturating_sub(t.len()) > 2 {
        return None;
    }
    let mut out = Vec::with_capacity((t.len() / 4).saturating_mul(3));
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for b in t.bytes() {
        let v = match b {
            b'A'..=b'Z' => b.wrapping_sub(b'A'),
            b'a'..=b'z' => b.wrapping_sub(b'a').wrapping_add(26),
            b'0'..=b'9' => b.wrapping_sub(b'0').wrapping_add(52),
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        // at most 8 + 6 bits are pending: keep the low 16 of the accumulator
        acc = (acc.wrapping_shl(6) | u32::from(v)) & 0xffff;
        bits = bits.wrapping_add(6);
        if bits >= 8 {
            bits = bits.wrapping_sub(8);
            out.push(u8::try_from(acc.wrapping_shr(bits) & 0xff).unwrap_or(0));
        }
    }
    // A lone 6-bit tail cannot encode a byte.
    (t.len().rem_euclid(4) != 1).then_some(out)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn numbers_integer_and_decimal() {
        assert_eq!(number("5"), Some(5.0));
        assert_eq!(number("-3"), Some(-3.0));
        assert_eq!(number("2.50"), Some(2.5));
        assert_eq!(number(".5"), Some(0.5));
        assert_eq!(number("5."), Some(5.0));
        assert_eq!(number("abc"), None);
        assert_eq!(number(""), None);
        assert_eq!(number("."), None);
        assert_eq!(number("1e5"), None);
        assert_eq!(number("inf"), None);
    }

    #[test]
    fn f68_dates_iso8601_and_epoch_seconds() {
        let d = date("2024-01-01T00:00:00Z").unwrap();
        assert_eq!(d, 1_704_067_200 * 1_000_000_000);
        assert_eq!(date("1704067200"), Some(d));
        assert_eq!(date("2024-01-01"), Some(d));
        assert_eq!(date("2024-01-01T01:00:00+01:00"), Some(d));
        assert_eq!(date("2024-01-01T00:00Z"), Some(d));
        assert_eq!(date("2023-12-31T19:00:00-0500"), Some(d));
        assert_eq!(date("2024-01-01T00:00:00.5Z"), Some(d + 500_000_000));
        // Milliseconds are read as seconds: far in the future, not 2024.
        assert!(date("1704067200000").unwrap() > d * 100);
        assert_eq!(date("2024-02-30"), None);
        assert_eq!(date("yesterday"), None);
        assert_eq!(date("2024-13-01"), None);
        assert_eq!(date("1970-01-01T00:00:00Z"), Some(0));
    }

    #[test]
    fn f69_booleans_case_insensitive() {
        assert_eq!(boolean("TRUE"), Some(true));
        assert_eq!(boolean("False"), Some(false));
        assert_eq!(boolean("yes"), None);
    }

    #[test]
    fn f67_cidr_and_bare_addresses() {
        let n = cidr("203.0.113.0/24").unwrap();
        assert!(cidr_contains(n, "203.0.113.5".parse().unwrap()));
        assert!(!cidr_contains(n, "203.0.114.5".parse().unwrap()));
        let one = cidr("203.0.113.5").unwrap();
        assert_eq!(one.prefix, 32);
        assert!(!cidr_contains(one, "203.0.113.6".parse().unwrap()));
        let v6 = cidr("2001:db8::/32").unwrap();
        assert!(cidr_contains(v6, "2001:db8:1::1".parse().unwrap()));
        assert!(!cidr_contains(v6, "203.0.113.5".parse().unwrap()));
        assert!(cidr_contains(
            cidr("0.0.0.0/0").unwrap(),
            "1.2.3.4".parse().unwrap()
        ));
        assert_eq!(cidr("1.2.3.4/33"), None);
        assert_eq!(cidr("nope"), None);
        assert_eq!(cidr("1.2.3"), None);
        assert_eq!(cidr("1.2.3.4.5"), None);
        assert_eq!(cidr("1.2.3.256"), None);
        assert_eq!(cidr("01.2.3.4"), None);
        assert_eq!(ipv4("255.0.10.1"), "255.0.10.1".parse().ok());
        assert_eq!(ipv4("0.0.0.0"), "0.0.0.0".parse().ok());
        assert_eq!(ipv4("10.0.0.00"), None);
        assert_eq!(ipv4("1..2.3"), None);
        assert_eq!(ipv4("1.2.3.4."), None);
        assert_eq!(ipv4("1234.1.1.1"), None);
        assert_eq!(
            ip("10.0.0.1").map(|a| a.to_string()).as_deref(),
            Some("10.0.0.1")
        );
        assert_eq!(ip("10.0.0.0/8"), None);
    }

    #[test]
    fn f70_base64() {
        assert_eq!(base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64("aGVsbG8").unwrap(), b"hello");
        assert_eq!(base64("QQ==").unwrap(), b"A");
        assert_eq!(base64("!!"), None);
        assert_eq!(base64("A"), None);
    }
}
