"""``og:locale`` from the site's BCP 47 language tag.

Open Graph wants ``language_TERRITORY`` (``en_US``, ``de_CH``).  A tag with a
region keeps it (``de-CH`` → ``de_CH``, ``zh-Hant-TW`` → ``zh_TW``); a bare
language gets the territory in :data:`DEFAULT_TERRITORIES` (``en`` →
``en_US``); a bare language not listed there gives no ``og:locale`` at all
(Open Graph then assumes ``en_US``; set ``[share] locale`` explicitly).
"""

from __future__ import annotations

import re

#: The territory assumed for a language tag that names none: the one with most
#: speakers or, for languages of Europe, the language's home country.
DEFAULT_TERRITORIES: dict[str, str] = {
    "ar": "AR",  # no territory stands for all of Arabic; ar_AR is the form Facebook reads
    "bg": "BG",
    "ca": "ES",
    "cs": "CZ",
    "da": "DK",
    "de": "DE",
    "el": "GR",
    "en": "US",
    "es": "ES",
    "et": "EE",
    "fi": "FI",
    "fr": "FR",
    "ga": "IE",
    "he": "IL",
    "hi": "IN",
    "hr": "HR",
    "hu": "HU",
    "id": "ID",
    "is": "IS",
    "it": "IT",
    "ja": "JP",
    "ko": "KR",
    "lt": "LT",
    "lv": "LV",
    "ms": "MY",
    "nb": "NO",
    "nl": "NL",
    "nn": "NO",
    "no": "NO",
    "pl": "PL",
    "pt": "PT",
    "ro": "RO",
    "ru": "RU",
    "sk": "SK",
    "sl": "SI",
    "sr": "RS",
    "sv": "SE",
    "th": "TH",
    "tr": "TR",
    "uk": "UA",
    "vi": "VN",
    "zh": "CN",
}

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}$")
_REGION = re.compile(r"^[A-Za-z]{2}$")
LOCALE_PATTERN = re.compile(r"^[a-z]{2,3}_[A-Z]{2}$")


def og_locale(language: str) -> str | None:
    """The ``og:locale`` for a BCP 47 tag, or ``None`` when none can be told."""
    parts = re.split(r"[-_]", language.strip())
    if not parts or not _LANGUAGE.match(parts[0]):
        return None
    lang = parts[0].lower()
    # Subtags after the language: an optional 4-letter script, then a 2-letter
    # region (a 3-digit region such as 419 has no Open Graph form).
    for part in parts[1:]:
        if _REGION.match(part):
            return f"{lang}_{part.upper()}"
    territory = DEFAULT_TERRITORIES.get(lang)
    return f"{lang}_{territory}" if territory else None
