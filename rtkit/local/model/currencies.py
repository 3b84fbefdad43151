"""Currencies by ISO 4217 code, by name ('British pounds', 'yen', 'Swiss francs') and by symbol ('£', 'CHF'),
and how an amount is written in its own currency ('£100', '¥18,950', '12.50 CHF').

Requests name currencies in any of those ways; arguments take the ISO code and answers say the amount with the
currency the tool returned, never an invented dollar sign. Pure tables and lookups.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import cache

# code: (symbol or '' , names a request may use, most specific first; the code itself always counts)
_CURRENCIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "USD": ("$", ("us dollars", "us dollar", "u.s. dollars", "american dollars", "american dollar", "dollars",
                  "dollar", "bucks", "us$")),
    "EUR": ("€", ("euros", "euro")),
    "GBP": ("£", ("british pounds", "british pound", "pounds sterling", "pound sterling", "sterling", "uk pounds",
                  "gbp pounds", "quid", "pounds", "pound")),
    "JPY": ("¥", ("japanese yen", "yen")),
    "CNY": ("CN¥", ("chinese yuan", "yuan", "renminbi", "rmb")),
    "CHF": ("CHF", ("swiss francs", "swiss franc", "francs", "franc")),
    "CAD": ("CA$", ("canadian dollars", "canadian dollar")),
    "AUD": ("A$", ("australian dollars", "australian dollar")),
    "NZD": ("NZ$", ("new zealand dollars", "new zealand dollar")),
    "HKD": ("HK$", ("hong kong dollars", "hong kong dollar")),
    "SGD": ("S$", ("singapore dollars", "singapore dollar")),
    "INR": ("₹", ("indian rupees", "indian rupee", "rupees", "rupee")),
    "PKR": ("", ("pakistani rupees", "pakistani rupee")),
    "SEK": ("", ("swedish kronor", "swedish krona", "swedish crowns")),
    "NOK": ("", ("norwegian kroner", "norwegian krone")),
    "DKK": ("", ("danish kroner", "danish krone")),
    "ISK": ("", ("icelandic kronur", "icelandic krona")),
    "PLN": ("zł", ("polish zloty", "zloty", "zlotys")),
    "CZK": ("Kč", ("czech koruna", "czech crowns")),
    "HUF": ("Ft", ("hungarian forint", "forint", "forints")),
    "RUB": ("₽", ("russian rubles", "russian roubles", "rubles", "roubles", "ruble", "rouble")),
    "UAH": ("₴", ("ukrainian hryvnia", "hryvnia")),
    "TRY": ("₺", ("turkish lira", "turkish liras", "lira")),
    "ILS": ("₪", ("israeli shekels", "israeli new shekels", "shekels", "shekel")),
    "AED": ("", ("uae dirhams", "emirati dirhams", "dirhams", "dirham")),
    "SAR": ("", ("saudi riyals", "saudi riyal", "riyals")),
    "EGP": ("", ("egyptian pounds", "egyptian pound")),
    "ZAR": ("R", ("south african rand", "rands")),
    "NGN": ("₦", ("nigerian naira", "naira")),
    "KES": ("", ("kenyan shillings", "kenyan shilling")),
    "MXN": ("MX$", ("mexican pesos", "mexican peso", "pesos", "peso")),
    "BRL": ("R$", ("brazilian reais", "brazilian real", "reais")),
    "ARS": ("", ("argentine pesos", "argentinian pesos")),
    "CLP": ("", ("chilean pesos",)),
    "COP": ("", ("colombian pesos",)),
    "KRW": ("₩", ("south korean won", "korean won")),
    "TWD": ("NT$", ("taiwan dollars", "new taiwan dollars")),
    "THB": ("฿", ("thai baht", "baht")),
    "VND": ("₫", ("vietnamese dong",)),
    "IDR": ("", ("indonesian rupiah", "rupiah")),
    "MYR": ("", ("malaysian ringgit", "ringgit")),
    "PHP": ("₱", ("philippine pesos", "philippine peso")),
    "BTC": ("₿", ("bitcoins", "bitcoin")),
}  # fmt: skip
# Symbols a request may write before an amount; '$' alone means US dollars.
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY",
            "₪": "ILS", "₦": "NGN", "₱": "PHP", "฿": "THB", "₫": "VND", "₿": "BTC"}  # fmt: skip


def codes() -> tuple[str, ...]:
    """Every ISO 4217 code this table knows."""
    return tuple(_CURRENCIES)


@cache  # read for every number a request holds and every string an output holds
def names() -> Mapping[str, str]:
    """Lower-case names, codes and symbols → ISO code ('british pounds' → 'GBP', 'chf' → 'CHF', '£' → 'GBP')."""
    table: dict[str, str] = {}
    for code, (_, words) in _CURRENCIES.items():
        for word in words:
            table.setdefault(word, code)
        table.setdefault(code.lower(), code)
    for symbol, code in _SYMBOLS.items():
        table.setdefault(symbol, code)
    return table


def code_of(text: str) -> str | None:
    """The ISO code a name, code or symbol stands for ('Yen' → 'JPY', 'gbp' → 'GBP'), or None."""
    return names().get(" ".join(text.lower().split()))


def symbol(code: str) -> str:
    """The symbol an amount in this currency is written with ('' when it is written with its code)."""
    entry = _CURRENCIES.get(code.upper())
    return entry[0] if entry else ""


def amount(value: int | float, code: str) -> str:
    """An amount in its own currency as said aloud: '£100', '¥18,950', '12.50 CHF', '$28.62'.

    Whole units from 100 up, cents below (yen and won have no cents); currencies without a one-character
    symbol are written with their code after the number.
    """
    code = code.upper()
    sign = "-" if value < 0 else ""
    size = abs(value)
    if not math.isfinite(size):
        return f"{value} {code}"
    whole = size >= 99.995 or code in ("JPY", "KRW", "VND", "IDR", "CLP", "HUF", "ISK")
    number = f"{math.floor(size + 0.5):,}" if whole else f"{size:,.2f}".removesuffix(".00")
    mark = symbol(code)
    if mark and (len(mark) == 1 or re.fullmatch(r"[A-Z]{1,2}\$", mark)):
        return f"{sign}{mark}{number}"
    return f"{sign}{number} {code}"
