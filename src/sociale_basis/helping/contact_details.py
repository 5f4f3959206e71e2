"""Finding contact details in free text: phone numbers, e-mail addresses, postcodes and street addresses.

Pure and typed (no Django): `find_contact_details(text)` returns each suspected piece with its kind and
its place in the text, so the writer can be told exactly which part is refused. It looks through the
usual ways of hiding a number or an address from a simple filter:

* phone numbers with any spacing or punctuation between the digits ("0 6 1 2 3 4 5 6 7 8",
  "06.12.34.56.78", "(050) 123 45 67"), with digits written as words ("nul zes een twee ..."), the letter
  O for a zero inside a number, and international forms (+31, 0031, +32 ...);
* e-mail addresses, also as "jan at example punt nl", "jan (at) example (dot) nl", "jan apenstaartje ...";
* Dutch postcodes ("9717 AB", "9717ab"), with or without a house number;
* street addresses: a street name with a common Dutch street ending and a house number ("Kerklaan 12",
  "Grote Markt 1a"), or any capitalised name with a number after "woon op/aan", "adres" or before a postcode.

It errs on the side of caution (a coordinator can release a false positive), but ordinary numbers are not
refused: dates, times, amounts, counts and short numbers pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    POSTCODE = "postcode"
    ADDRESS = "address"


@dataclass(frozen=True, slots=True)
class Finding:
    """One suspected contact detail: its kind and where it is (`text[start:end]`)."""

    kind: Kind
    start: int
    end: int
    text: str


# --- phone numbers -------------------------------------------------------------------------------

DIGIT_WORDS: dict[str, str] = {
    # Dutch
    "nul": "0", "een": "1", "één": "1", "eén": "1", "twee": "2", "drie": "3", "vier": "4",
    "vijf": "5", "zes": "6", "zeven": "7", "acht": "8", "negen": "9",
    # English
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
# "een" is also the Dutch article "a": it counts as a digit only between other digits.
_AMBIGUOUS_WORDS = {"een", "oh", "one"}
# A letter that looks like a digit, written against a digit ("O6-I2345678").
_LOOKALIKES = {"o": "0", "l": "1", "i": "1"}
_SEPARATORS = set(" \t\r\n-.,/()_*|;'\"[]")
# Dates and times are blanked out before looking for numbers ("03-12-2025 10:30" is no phone number).
_TIME = re.compile(r"(?<![\d.])\d{1,2}(?::\d{2}|\.\d{2}\s*(?:uur|u\b))")
_DATE = re.compile(r"(?<![\d.\-/])\d{1,2}([-/.])\d{1,2}\1(?:\d{4}|\d{2})(?![\d]|[-/. ]\d)")
_MAX_GAP = 4  # separator characters allowed between two digits of one number
_TOKEN = re.compile(r"[^\W\d_]+|\d|\+|\S", re.UNICODE)


@dataclass(frozen=True, slots=True)
class _Digit:
    value: str
    start: int
    end: int
    ambiguous: bool = False


def _digit_tokens(text: str) -> list[_Digit | None]:
    """The text as digits (from figures, digit words and look-alike letters against a digit), with `None`
    wherever something interrupts a number; a "+" is kept as a digit-like token."""
    out: list[_Digit | None] = []
    last_end = 0
    for m in _TOKEN.finditer(text):
        gap = text[last_end : m.start()]
        if out and out[-1] is not None and (len(gap) > _MAX_GAP or not set(gap) <= _SEPARATORS):
            out.append(None)
        tok = m.group(0)
        low = tok.lower()
        if tok.isdigit():
            out.append(_Digit(tok, m.start(), m.end()))
        elif tok == "+":
            out.append(_Digit("+", m.start(), m.end()))
        elif low in DIGIT_WORDS:
            out.append(_Digit(DIGIT_WORDS[low], m.start(), m.end(), low in _AMBIGUOUS_WORDS))
        elif low in _LOOKALIKES and _touches_digit(text, m.start(), m.end()):
            out.append(_Digit(_LOOKALIKES[low], m.start(), m.end()))
        elif tok in _SEPARATORS:
            last_end = m.end()
            continue
        else:
            out.append(None)
        last_end = m.end()
    return out


def _touches_digit(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit())


def _runs(tokens: list[_Digit | None]) -> list[list[_Digit]]:
    runs: list[list[_Digit]] = []
    current: list[_Digit] = []
    for t in [*tokens, None]:
        if t is None or (t.value == "+" and current):
            if current:
                runs.append(current)
            current = [t] if t is not None else []
        else:
            current.append(t)
    return runs


def _trim_words(run: list[_Digit]) -> list[_Digit]:
    """An ambiguous word ("een", the article) at either end of a run is not a digit."""
    while run and run[0].ambiguous:
        run = run[1:]
    while run and run[-1].ambiguous:
        run = run[:-1]
    return run


def _phone_in(digits: str) -> tuple[int, int] | None:
    """The slice of a digit string (maybe starting with "+") that looks like a phone number."""
    if digits.startswith("+"):
        rest = digits[1:]
        return (0, len(digits)) if 8 <= len(rest) <= 15 else None
    for i in range(len(digits)):
        tail = digits[i:]
        if tail.startswith("00") and len(tail) >= 11:
            return (i, len(digits))
        if tail.startswith("0") and not tail.startswith("00") and len(tail) >= 10:
            return (i, len(digits))
        if tail.startswith("31") and len(tail) == 11 and tail[2] != "0":
            return (i, len(digits))
    return None


def _blank(pattern: re.Pattern[str], text: str, *, guard: bool = True) -> str:
    """Blank out dates or times. With `guard`, not when they are part of a longer string of digits
    (or digit words): "9-8-52" alone is a date, in "+31 5 9-8-52 5 7" it is part of a number. Times
    ("10:30", "10.30 uur") are never part of a phone number."""

    def neighbour_is_digit(chunk: str, at_end: bool) -> bool:
        words = re.findall(r"[^\W_]+", chunk)
        word = (words[-1] if at_end else words[0]).lower() if words else ""
        return word.isdigit() or word in DIGIT_WORDS

    def repl(m: re.Match[str]) -> str:
        before, after = text[max(0, m.start() - 12) : m.start()], text[m.end() : m.end() + 12]
        if guard and (neighbour_is_digit(before, True) or neighbour_is_digit(after, False)):
            return m.group(0)
        return "#" * len(m.group(0))

    return pattern.sub(repl, text)


def _phones(text: str) -> list[Finding]:
    found: list[Finding] = []
    for whole in _runs(_digit_tokens(_blank(_DATE, _blank(_TIME, text, guard=False)))):
        # Prefer the run without an article "een" at either end; keep it when it is a digit.
        for run in (_trim_words(whole), whole):
            digits = "".join(d.value for d in run)
            hit = _phone_in(digits) if run else None
            if hit is not None:
                break
        if hit is None:
            continue
        first, last = run[hit[0]], run[hit[1] - 1]
        found.append(Finding(Kind.PHONE, first.start, last.end, text[first.start : last.end]))
    return found


# --- e-mail addresses ----------------------------------------------------------------------------

_TLDS = (
    "nl|com|net|org|eu|be|de|fr|uk|info|email|me|io|online|frl|amsterdam|nu|biz|co|live|app|"
    "gmail|hotmail|outlook|ziggo|kpnmail|home|planet|xs4all|tr|pl|ua|ma|es|it"
)
_AT = r"(?:\s*@\s*|\s*[\(\[\{<]\s*(?:at|@|apenstaartje|apestaartje)\s*[\)\]\}>]\s*|\s+(?:at|apenstaartje|apestaartje|bij)\s+)"
_DOT = r"(?:\s*\.\s*|\s*[\(\[\{<]\s*(?:dot|punt|\.)\s*[\)\]\}>]\s*|\s+(?:dot|punt)\s+)"
_EMAIL_PLAIN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_EMAIL_HIDDEN = re.compile(
    rf"[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}(?:{_TLDS})\b", re.IGNORECASE | re.UNICODE
)


def _emails(text: str) -> list[Finding]:
    found = []
    for pattern in (_EMAIL_PLAIN, _EMAIL_HIDDEN):
        for m in pattern.finditer(text):
            found.append(Finding(Kind.EMAIL, m.start(), m.end(), m.group(0)))
    return found


# --- postcodes and addresses ---------------------------------------------------------------------

# Two-letter Dutch words that follow a number in ordinary sentences ("2000 en 3000", "1930 in").
_NOT_POSTCODE_LETTERS = {
    "en", "in", "op", "om", "te", "is", "of", "al", "ik", "je", "we", "ze", "er", "na", "nu",
    "zo", "ja", "af", "he", "km", "kg", "cm", "mm", "ml", "pm", "am", "uur", "jr", "st", "nr",
    "de", "het", "at", "to", "by", "on", "an", "or", "sa", "sd", "ss", "eu", "mb", "gb",
}  # fmt: skip
_POSTCODE = re.compile(r"(?<![\w])([1-9]\d{3})(\s?)([A-Za-z]{2})(?![\w])")
_HOUSE_NUMBER = r"\d{1,5}(?:\s?[A-Za-z](?![\w]))?(?:[-/]\d{1,4})?"
_STREET_END = (
    r"straat|weg|laan|plein|kade|singel|dijk|pad|hof|gracht|steeg|dreef|park|ring|markt|wal|diep|"
    r"plantsoen|erf|veld|horst|akker|baan|brink|kamp|stede|zijl|hoven|dam|dwarsweg|boulevard|"
    r"allee|wijk|borg|esch|es|laantje|straatje|pleintje|zuid|noord|oost|west|street|road|lane|avenue"
)
# A street name: capitalised, or a compound of at least three letters before the ending ("kerklaan");
# a bare lower-case "weg 3" or "markt 2" is an ordinary sentence.
_STREET = re.compile(
    rf"(?<![\w])(?:[A-Z][\w'.-]*\s+){{0,3}}"
    rf"(?:[A-ZÀ-Ý][a-zà-ÿ'-]*(?i:{_STREET_END})|[a-zà-ÿ'-]{{3,}}(?i:{_STREET_END})|(?=[A-Z])(?i:{_STREET_END}))"
    rf"\s+{_HOUSE_NUMBER}(?![\w])",
    re.UNICODE,
)
_CUE_ADDRESS = re.compile(
    r"(?i:\b(?:woon|woont|wonen|woonachtig|adres|address|live|lives)\b)[:\s]+"
    r"(?:(?i:op|aan|in|is|at|on)\s+)?(?:(?i:de|het)\s+)?"
    rf"((?:[A-Z][\w'.-]*\s+){{0,3}}[A-Z][\w'.-]*\s+{_HOUSE_NUMBER})(?![\w])",
    re.UNICODE,
)


def _postcodes(text: str) -> list[Finding]:
    found = []
    for m in _POSTCODE.finditer(text):
        letters = m.group(3)
        if m.group(2) and letters.lower() in _NOT_POSTCODE_LETTERS and not letters.isupper():
            continue
        if letters.upper() in ("SA", "SD", "SS"):
            continue
        found.append(Finding(Kind.POSTCODE, m.start(), m.end(), m.group(0)))
    return found


def _addresses(text: str, postcodes: list[Finding]) -> list[Finding]:
    found = [Finding(Kind.ADDRESS, m.start(), m.end(), m.group(0)) for m in _STREET.finditer(text)]
    for m in _CUE_ADDRESS.finditer(text):
        found.append(Finding(Kind.ADDRESS, m.start(1), m.end(1), m.group(1)))
    # "Damrak 1, 1012 LG": a capitalised name and a number right before a postcode.
    for p in postcodes:
        before = text[max(0, p.start - 60) : p.start]
        hit = re.search(rf"((?:[A-Z][\w'.-]*\s+){{1,4}}{_HOUSE_NUMBER})[\s,]*$", before)
        if hit:
            start = p.start - len(before) + hit.start(1)
            found.append(Finding(Kind.ADDRESS, start, p.end, text[start : p.end]))
    return found


# --- together ------------------------------------------------------------------------------------


def find_contact_details(text: str) -> list[Finding]:
    """Every suspected contact detail in `text`, in reading order, overlapping findings merged
    (the longer one wins; an e-mail address is not also reported as the numbers inside it)."""
    if not text:
        return []
    postcodes = _postcodes(text)
    found = _emails(text) + _phones(text) + postcodes + _addresses(text, postcodes)
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    merged: list[Finding] = []
    for f in found:
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            if f.end > last.end:
                kind = last.kind if (last.end - last.start) >= (f.end - last.end) else f.kind
                merged[-1] = Finding(kind, last.start, f.end, text[last.start : f.end])
            continue
        merged.append(f)
    return merged


def contains_contact_details(text: str) -> bool:
    return bool(find_contact_details(text))
