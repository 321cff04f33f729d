//! Python's format-spec mini-language (`[[fill]align][sign][z][#][0]
//! [width][grouping][.precision][type]`) for the values a pytm template
//! formats with a spec of its own: strings (and what prints as one) and
//! integers. Floats never occur in a pytm model; other types raise in
//! Python as here.

/// The widest field tmc pads to: a spec cannot make it write megabytes
/// of fill (Python would try to).
const MAX_WIDTH: usize = 10_000;

/// A spec, parsed.
struct Spec {
    fill: char,
    align: Option<char>,
    sign: Option<char>,
    alternate: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse(spec: &str) -> Result<Spec, String> {
    let c: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut s = Spec {
        fill: ' ',
        align: None,
        sign: None,
        alternate: false,
        zero: false,
        width: 0,
        grouping: None,
        precision: None,
        ty: None,
    };
    let is_align = |ch: char| matches!(ch, '<' | '>' | '=' | '^');
    if c.len() >= 2 && is_align(c[1]) {
        s.fill = c[0];
        s.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        s.align = Some(c[0]);
        i = 1;
    }
    if let Some(&ch @ ('+' | '-' | ' ')) = c.get(i) {
        s.sign = Some(ch);
        i += 1;
    }
    if c.get(i) == Some(&'#') {
        s.alternate = true;
        i += 1;
    }
    if c.get(i) == Some(&'0') {
        s.zero = true;
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while c.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        c[start..*i].iter().collect::<String>()
    };
    let width = digits(&mut i);
    if !width.is_empty() {
        s.width = width
            .parse()
            .map_err(|_| "Too many decimal digits in format string".to_string())?;
        if s.width > MAX_WIDTH {
            return Err(format!(
                "a width above {MAX_WIDTH} characters (tmc's limit)"
            ));
        }
    }
    if let Some(&ch @ (',' | '_')) = c.get(i) {
        s.grouping = Some(ch);
        i += 1;
    }
    if c.get(i) == Some(&'.') {
        i += 1;
        let precision = digits(&mut i);
        if precision.is_empty() {
            return Err("Format specifier missing precision".into());
        }
        s.precision = Some(
            precision
                .parse()
                .map_err(|_| "Too many decimal digits in format string".to_string())?,
        );
    }
    if i + 1 < c.len() {
        return Err("Invalid format specifier".into());
    }
    s.ty = c.get(i).copied();
    if s.zero && s.align.is_none() {
        s.fill = '0';
        s.align = Some('=');
    }
    Ok(s)
}

/// `format(text, spec)` for a Python `str`.
pub(crate) fn string(text: &str, spec: &str) -> Result<String, String> {
    let s = parse(spec)?;
    match s.ty {
        None | Some('s') => {}
        Some(t) => {
            return Err(format!(
                "Unknown format code '{t}' for object of type 'str'"
            ))
        }
    }
    if s.sign.is_some() {
        return Err("Sign not allowed in string format specifier".into());
    }
    if s.alternate {
        return Err("Alternate form (#) not allowed in string format specifier".into());
    }
    if let Some(g) = s.grouping {
        return Err(format!("Cannot specify '{g}' with 's'."));
    }
    let align = match s.align {
        Some('=') if !s.zero => {
            return Err("'=' alignment not allowed in string format specifier".into())
        }
        Some('=') | None => '<',
        Some(a) => a,
    };
    let text: String = match s.precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_string(),
    };
    Ok(pad(&text, s.width, s.fill, align))
}

/// `format(n, spec)` for a Python `int` (a `bool` is one).
pub(crate) fn integer(n: i64, spec: &str) -> Result<String, String> {
    let s = parse(spec)?;
    if s.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".into());
    }
    let (radix, prefix) = match s.ty {
        None | Some('d') | Some('n') => (10, ""),
        Some('x') => (16, "0x"),
        Some('X') => (16, "0X"),
        Some('o') => (8, "0o"),
        Some('b') => (2, "0b"),
        Some(t) => return Err(format!("tmc does not format integers with the '{t}' code")),
    };
    let mut digits = match radix {
        16 => format!("{:x}", n.unsigned_abs()),
        8 => format!("{:o}", n.unsigned_abs()),
        2 => format!("{:b}", n.unsigned_abs()),
        _ => n.unsigned_abs().to_string(),
    };
    if s.ty == Some('X') {
        digits = digits.to_uppercase();
    }
    let sign = match (n < 0, s.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    };
    let prefix = if s.alternate { prefix } else { "" };
    let every = if radix == 10 { 3 } else { 4 };
    if let (Some(g), Some('x' | 'X' | 'o' | 'b')) = (s.grouping, s.ty) {
        if g == ',' {
            return Err(format!(
                "Cannot specify ',' with '{}'.",
                s.ty.unwrap_or('d')
            ));
        }
    }
    let group = |d: &str| match s.grouping {
        Some(g) => grouped(d, g, every),
        None => d.to_string(),
    };
    let align = s.align.unwrap_or('>');
    if align == '=' {
        let room = s.width.saturating_sub(sign.len() + prefix.len());
        let mut body = group(&digits);
        if s.fill == '0' && s.grouping.is_some() {
            while body.chars().count() < room {
                digits.insert(0, '0');
                body = group(&digits);
            }
        } else {
            let missing = room.saturating_sub(body.chars().count());
            body = s.fill.to_string().repeat(missing) + &body;
        }
        return Ok(format!("{sign}{prefix}{body}"));
    }
    Ok(pad(
        &format!("{sign}{prefix}{}", group(&digits)),
        s.width,
        s.fill,
        align,
    ))
}

fn grouped(digits: &str, sep: char, every: usize) -> String {
    let chars: Vec<char> = digits.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && (chars.len() - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(*c);
    }
    out
}

fn pad(text: &str, width: usize, fill: char, align: char) -> String {
    let missing = width.saturating_sub(text.chars().count());
    let fill = |n: usize| fill.to_string().repeat(n);
    match align {
        '>' => fill(missing) + text,
        '^' => fill(missing / 2) + text + &fill(missing - missing / 2),
        _ => text.to_string() + &fill(missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_pad_and_cut_as_python_does() {
        assert_eq!(string("ab", "05").unwrap(), "ab000");
        assert_eq!(string("ab", "^6").unwrap(), "  ab  ");
        assert_eq!(string("abc", ".1").unwrap(), "a");
        assert_eq!(string("C.A", ">8").unwrap(), "     C.A");
        assert_eq!(
            string("ab", "d").unwrap_err(),
            "Unknown format code 'd' for object of type 'str'"
        );
        assert!(string("ab", "+").is_err());
        assert!(string("ab", "99999999").is_err());
    }

    #[test]
    fn integers_pad_group_and_sign_as_python_does() {
        assert_eq!(integer(1, "x<5").unwrap(), "1xxxx");
        assert_eq!(integer(1234567, ",").unwrap(), "1,234,567");
        assert_eq!(integer(255, "#x").unwrap(), "0xff");
        assert_eq!(integer(-5, "=+6").unwrap(), "-    5");
        assert_eq!(integer(1234, "06,").unwrap(), "01,234");
        assert_eq!(integer(42, "05").unwrap(), "00042");
        assert!(integer(4, ".2").is_err());
    }
}
