"""Contact-detail detection: examples from the issue, and property tests that generate obfuscations
(spacing, dots, dashes, digits as Dutch words, look-alike letters, "at"/"punt" e-mail forms) inside
ordinary Dutch text, and ordinary texts (dates, times, amounts, counts) that must pass."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sociale_basis.helping.contact_details import Kind, find_contact_details

WORDS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
FILLER = [
    "Hallo", "ik", "zoek", "iemand", "die", "kan", "helpen", "met", "boodschappen", "op",
    "dinsdag", "graag", "bedankt", "de", "tuin", "is", "groot", "mijn", "hond", "heet", "Max",
]  # fmt: skip


def kinds(text: str) -> list[Kind]:
    return [f.kind for f in find_contact_details(text)]


@pytest.mark.parametrize(
    ("text", "kind", "part"),
    [
        ("Bel me op 06-12345678", Kind.PHONE, "06-12345678"),
        ("0 6 1 2 3 4 5 6 7 8", Kind.PHONE, "0 6 1 2 3 4 5 6 7 8"),
        ("nul zes een twee drie vier vijf zes zeven acht", Kind.PHONE, None),
        ("bel nul zes 12 34 56 78", Kind.PHONE, "nul zes 12 34 56 78"),
        ("06.12.34.56.78", Kind.PHONE, "06.12.34.56.78"),
        ("(050) 123 45 67", Kind.PHONE, None),
        ("+31 6 1234 5678", Kind.PHONE, "+31 6 1234 5678"),
        ("0031612345678", Kind.PHONE, "0031612345678"),
        ("O6-I2345678", Kind.PHONE, "O6-I2345678"),
        ("mail jan@example.nl", Kind.EMAIL, "jan@example.nl"),
        ("mail jan at example punt nl", Kind.EMAIL, "jan at example punt nl"),
        ("jan (at) gmail (dot) com", Kind.EMAIL, "jan (at) gmail (dot) com"),
        ("jan [at] ziggo [punt] nl", Kind.EMAIL, None),
        ("postcode 9717ab", Kind.POSTCODE, "9717ab"),
        ("ik woon Kerklaan 12", Kind.ADDRESS, "Kerklaan 12"),
        ("op de Grote Markt 1a", Kind.ADDRESS, "Grote Markt 1a"),
        ("Damrak 1, 1012 LG Amsterdam", Kind.ADDRESS, "Damrak 1, 1012 LG"),
    ],
)
def test_examples_are_found_with_the_part_named(text, kind, part):
    found = find_contact_details(text)
    assert [f.kind for f in found] == [kind]
    assert found[0].text == text[found[0].start : found[0].end]
    if part is not None:
        assert found[0].text == part


def test_the_issue_text_finds_all_three():
    text = "Bel me op 06-12345678 of mail jan@example.nl, ik woon Kerklaan 12, 9717 AB"
    assert kinds(text) == [Kind.PHONE, Kind.EMAIL, Kind.ADDRESS]


@pytest.mark.parametrize(
    "text",
    [
        "Op 03-12-2025 10:30 graag",
        "Dinsdag om 10 uur, ik neem 2 tassen mee",
        "tussen 2 en 4 uur, 3 keer per week, kost 25,50 euro",
        "ik ben 2 weken weg 3 dagen",
        "in 2000 en 3000",
        "ik heb een hond en twee katten",
        "Om 10.30 uur op 12-3",
        "Het kost € 1.250.000 volgens de gemeente",
        "",
    ],
)
def test_ordinary_text_passes(text):
    assert find_contact_details(text) == []


# --- property tests --------------------------------------------------------------------------------


@st.composite
def dutch_numbers(draw: st.DrawFn) -> str:
    """A Dutch mobile or landline number: 06 + 8 digits, or an area code and the rest (10 digits)."""
    if draw(st.booleans()):
        return "06" + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=8, max_size=8)))
    area = draw(st.sampled_from(["050", "010", "020", "0598", "0594"]))
    rest = 10 - len(area)
    return area + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=rest, max_size=rest))
    )


@st.composite
def obfuscated(draw: st.DrawFn, number: str) -> str:
    """The number as someone hiding it might write it: separators between digits, some digits as
    words, a leading zero as the letter O, or in the +31 form."""
    digits = list(number)
    if draw(st.booleans()) and number.startswith("0"):
        digits = ["+31", " "] + digits[1:] if draw(st.booleans()) else ["0031"] + digits[1:]
    out = []
    for i, d in enumerate(digits):
        if i and digits[i - 1] not in ("+31", " "):
            out.append(draw(st.sampled_from(["", "", " ", "-", ".", " - ", "  ", "/"])))
        if d.isdigit() and len(d) == 1 and draw(st.integers(0, 4)) == 0:
            out.append(("" if not out or out[-1].endswith(" ") else " ") + WORDS[int(d)] + " ")
        else:
            out.append(d)
    text = "".join(out).strip()
    if text.startswith("0") and text[1:2].isdigit() and draw(st.integers(0, 5)) == 0:
        text = "O" + text[1:]
    return text


def sentence(draw: st.DrawFn) -> tuple[str, str]:
    before = " ".join(draw(st.lists(st.sampled_from(FILLER), max_size=6)))
    after = " ".join(draw(st.lists(st.sampled_from(FILLER), max_size=6)))
    return (before + " ") if before else "", (" " + after) if after else ""


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_obfuscated_phone_numbers_are_found(data):
    number = data.draw(dutch_numbers())
    hidden = data.draw(obfuscated(number))
    before, after = sentence(data.draw)
    text = before + hidden + after
    found = find_contact_details(text)
    assert Kind.PHONE in [f.kind for f in found], text
    phone = next(f for f in found if f.kind == Kind.PHONE)
    assert phone.start >= len(before) - 1 and phone.end <= len(before) + len(hidden) + 1


@st.composite
def emails(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.from_regex(r"[a-z]{2,8}(\.[a-z]{2,8})?", fullmatch=True))
    domain = draw(st.from_regex(r"[a-z]{3,10}", fullmatch=True))
    tld = draw(st.sampled_from(["nl", "com", "org", "net", "eu", "be"]))
    at = draw(st.sampled_from(["@", " @ ", " at ", " (at) ", " [at] ", " apenstaartje ", "(at)"]))
    dot = draw(st.sampled_from([".", " punt ", " dot ", " (punt) ", " [dot] ", " . "]))
    return f"{name}{at}{domain}{dot}{tld}", name


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_obfuscated_email_addresses_are_found(data):
    hidden, _name = data.draw(emails())
    before, after = sentence(data.draw)
    assert Kind.EMAIL in kinds(before + hidden + after), before + hidden + after


@st.composite
def addresses(draw: st.DrawFn) -> str:
    street = draw(st.sampled_from(["Kerk", "Oosterhamrik", "Helper", "Zuider", "Noorder", "Berg"]))
    end = draw(st.sampled_from(["straat", "laan", "weg", "plein", "kade", "singel", "diep", "pad"]))
    number = str(draw(st.integers(1, 399))) + draw(st.sampled_from(["", "", "a", " b", "-2"]))
    postcode = f"{draw(st.integers(9700, 9799))} {draw(st.sampled_from(['AB', 'GZ', 'KL', 'cd']))}"
    form = draw(st.integers(0, 2))
    if form == 0:
        return f"{street}{end} {number}"
    if form == 1:
        return f"{street}{end} {number}, {postcode}"
    return postcode


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_addresses_and_postcodes_are_found(data):
    hidden = data.draw(addresses())
    before, after = sentence(data.draw)
    found = kinds(before + hidden + after)
    assert Kind.ADDRESS in found or Kind.POSTCODE in found, before + hidden + after


@st.composite
def ordinary(draw: st.DrawFn) -> str:
    """Ordinary request texts: words with dates, times, small counts and amounts between them."""
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        parts.append(" ".join(draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=4))))
        kind = draw(st.integers(0, 4))
        if kind == 0:
            d, m = draw(st.integers(1, 28)), draw(st.integers(1, 12))
            parts.append(f"{d:02d}-{m:02d}-{draw(st.integers(2024, 2030))}")
        elif kind == 1:
            parts.append(f"{draw(st.integers(7, 22))}:{draw(st.sampled_from(['00', '15', '30']))}")
        elif kind == 2:
            parts.append(f"{draw(st.integers(1, 12))} keer")
        elif kind == 3:
            parts.append(f"€ {draw(st.integers(1, 999))},{draw(st.integers(0, 99)):02d}")
    return " ".join(parts)


@settings(max_examples=300, deadline=None)
@given(text=ordinary())
def test_ordinary_texts_with_dates_times_and_amounts_pass(text):
    assert find_contact_details(text) == [], text
