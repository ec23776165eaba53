//! Front-matter dates in the shapes Hugo accepts, as seconds since the epoch: what expiry,
//! date-range filters and the date checks compare. One parser, so they all agree.

use std::sync::OnceLock;

use regex::Regex;

/// Seconds since the epoch of a front-matter date in one of the shapes Hugo accepts
/// (see docs/hugo-behaviour.md §1.3), with whether it carried an offset (a bare date counts as
/// carrying one: it names a day, not a time); `None` when Hugo could not parse it.
pub fn parse_hugo_date(text: &str) -> Option<(i64, bool)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*(Z|[+-]\d{2}:?\d{2}))?)?$")
            .unwrap_or_else(|_| unreachable!())
    });
    let caps = re.captures(text.trim())?;
    let num = |i: usize| {
        caps.get(i)
            .map_or(Some(0), |m| m.as_str().parse::<i64>().ok())
    };
    let (y, mo, d, h, mi, s) = (num(1)?, num(2)?, num(3)?, num(4)?, num(5)?, num(6)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    // A time without seconds (`2020-01-02 10:00`) is one Hugo rejects.
    if caps.get(4).is_some() && caps.get(6).is_none() {
        return None;
    }
    let offset = caps.get(7).map(|m| m.as_str());
    let offset_secs = match offset {
        None | Some("Z") => 0,
        Some(o) => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let digits: String = o.chars().filter(char::is_ascii_digit).collect();
            let hh: i64 = digits.get(0..2)?.parse().ok()?;
            let mm: i64 = digits.get(2..4)?.parse().ok()?;
            sign * (hh * 3600 + mm * 60)
        }
    };
    let days = days_from_civil(y, mo, d);
    Some((
        days * 86_400 + h * 3600 + mi * 60 + s - offset_secs,
        caps.get(4).is_none() || offset.is_some(),
    ))
}

/// Days since 1970-01-01 of the proleptic Gregorian date `year`-`month`-`day` (Howard
/// Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month, day) `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Now, in seconds since the epoch.
pub fn now_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The UTC offset (seconds east) of the IANA time zone `name` (Hugo's `timeZone` setting,
/// `America/New_York`) at `at` (seconds since the epoch), read from the system's tz database
/// (`/usr/share/zoneinfo`, TZif). `None` when the name is not a zone there. After the file's
/// last transition the last offset holds (Debian ships "fat" files, with transitions to 2037).
pub fn zone_offset(name: &str, at: i64) -> Option<i32> {
    let safe = !name.is_empty()
        && !name.starts_with('/')
        && name
            .split('/')
            .all(|part| !part.is_empty() && !part.starts_with('.'))
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'));
    if !safe {
        return None;
    }
    let bytes = std::fs::read(std::path::Path::new("/usr/share/zoneinfo").join(name)).ok()?;
    tzif_offset(&bytes, at)
}

/// The offset at `at` in a TZif file (RFC 8536), from its version 2+ block when it has one.
fn tzif_offset(bytes: &[u8], at: i64) -> Option<i32> {
    let be32 = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    let header = |start: usize| -> Option<[usize; 6]> {
        if bytes.get(start..start + 4)? != b"TZif" {
            return None;
        }
        let mut counts = [0usize; 6];
        for (i, count) in counts.iter_mut().enumerate() {
            *count = usize::try_from(be32(start + 20 + 4 * i)?).ok()?;
        }
        Some(counts)
    };
    let [isut, isstd, leap, time, types, chars] = header(0)?;
    let version = *bytes.get(4)?;
    let (start, time_size) = if version >= b'2' {
        let v1_len = time * 4 + time + types * 6 + chars + leap * 8 + isstd + isut;
        (44 + v1_len, 8)
    } else {
        (0, 4)
    };
    let [_, _, _, time, types, _] = header(start)?;
    let data = start + 44;
    let transition = |i: usize| -> Option<i64> {
        let at = data + i * time_size;
        Some(if time_size == 8 {
            i64::from_be_bytes(bytes.get(at..at + 8)?.try_into().ok()?)
        } else {
            i64::from(i32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
        })
    };
    let indices = data + time * time_size;
    let infos = indices + time;
    let mut kind = 0usize;
    for i in 0..time {
        if transition(i)? > at {
            break;
        }
        kind = usize::from(*bytes.get(indices + i)?);
    }
    if kind >= types {
        return None;
    }
    let offset = bytes.get(infos + kind * 6..infos + kind * 6 + 4)?;
    Some(i32::from_be_bytes(offset.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_offsets_follow_daylight_saving_time() {
        if !std::path::Path::new("/usr/share/zoneinfo/America/New_York").exists() {
            eprintln!("notice: no tz database at /usr/share/zoneinfo; skipped");
            return;
        }
        let winter = days_from_civil(2026, 1, 15) * 86_400;
        let summer = days_from_civil(2026, 7, 15) * 86_400;
        assert_eq!(zone_offset("America/New_York", winter), Some(-5 * 3600));
        assert_eq!(zone_offset("America/New_York", summer), Some(-4 * 3600));
        assert_eq!(zone_offset("Asia/Kolkata", summer), Some(5 * 3600 + 1800));
        assert_eq!(zone_offset("UTC", summer), Some(0));
        assert_eq!(zone_offset("../etc/passwd", summer), None);
        assert_eq!(zone_offset("Nowhere/Special", summer), None);
    }

    #[test]
    fn dates_in_hugo_shapes_parse_and_others_do_not() {
        assert_eq!(parse_hugo_date("1970-01-01"), Some((0, true)));
        assert_eq!(
            parse_hugo_date("1970-01-01 01:00:00 +0100"),
            Some((0, true))
        );
        assert_eq!(
            parse_hugo_date("2016-05-10 4:28:03 -0400").map(|d| d.1),
            Some(true)
        );
        assert_eq!(
            parse_hugo_date("2020-01-02T10:00:00").map(|d| d.1),
            Some(false)
        );
        assert_eq!(
            parse_hugo_date("2015-07-31T10:00:20-04:00"),
            parse_hugo_date("2015-07-31 10:00:20 -0400")
        );
        for bad in ["Jan 2 2020", "2020-01-02 10:00", "2020-1-2", "2020-13-01"] {
            assert_eq!(parse_hugo_date(bad), None, "{bad}");
        }
    }
}
