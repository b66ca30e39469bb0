"""Made-up but stable subscriber data (country, operator, region, HLR) for a phone."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Subscriber", "lookup"]


@dataclass(frozen=True, slots=True)
class Subscriber:
    """What all=2 and HLR replies say about a number."""

    country: str
    operator: str
    region: str
    mcc: str
    mnc: str
    roaming_country: str = ""
    roaming_operator: str = ""


# Longest prefix first: (prefix, country, mcc, ((operator, mnc), ...), (region, ...)).
_COUNTRIES: tuple[tuple[str, str, str, tuple[tuple[str, str], ...], tuple[str, ...]], ...] = (
    ("375", "Belarus", "257", (("A1", "01"), ("MTS", "02"), ("life:)", "04")), ("Minsk",)),
    (
        "380",
        "Ukraine",
        "255",
        (("Kyivstar", "03"), ("Vodafone", "01"), ("lifecell", "06")),
        ("Kyiv",),
    ),
    ("998", "Uzbekistan", "434", (("Beeline", "04"), ("Ucell", "05")), ("Tashkent",)),
    ("992", "Tajikistan", "436", (("Tcell", "01"), ("Megafon", "03")), ("Dushanbe",)),
    ("77", "Kazakhstan", "401", (("Beeline", "01"), ("Kcell", "02"), ("Tele2", "77")), ("Almaty",)),
    (
        "7",
        "Russia",
        "250",
        (("MTS", "01"), ("MegaFon", "02"), ("Beeline", "99"), ("Tele2", "20")),
        ("Moscow", "Saint Petersburg", "Novosibirsk", "Kazan"),
    ),
    ("44", "United Kingdom", "234", (("Vodafone", "15"), ("EE", "30")), ("London",)),
    ("49", "Germany", "262", (("Telekom", "01"), ("Vodafone", "02")), ("Berlin",)),
    ("1", "USA", "310", (("AT&T", "410"), ("T-Mobile", "260")), ("New York",)),
)


# A number ending in these digits is abroad (HLR ``rcn``/``rnet``), unless it is at home.
_ROAMING_SUFFIX = "77"
_ROAMING = ("Kazakhstan", "Kcell")


def lookup(phone: str) -> Subscriber:
    """Deterministic subscriber data for a normalised phone number; numbers ending in
    ``77`` are roaming (in Kazakhstan, or in Russia for Kazakh numbers)."""
    digit = int(phone[-1]) if phone[-1:].isdigit() else 0
    for prefix, country, mcc, operators, regions in _COUNTRIES:
        if phone.startswith(prefix):
            operator, mnc = operators[digit % len(operators)]
            roaming = ("", "")
            if phone.endswith(_ROAMING_SUFFIX):
                roaming = ("Russia", "MTS") if country == _ROAMING[0] else _ROAMING
            return Subscriber(country, operator, regions[digit % len(regions)], mcc, mnc, *roaming)
    return Subscriber("Unknown", "Unknown", "", "000", "00")
