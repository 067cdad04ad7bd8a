"""A small Ukrainian normaliser and stemmer for full-text search.

Both databases index the stemmed text this module produces, so "гаряча вода",
"гарячої води" and the typed prefix "гаряч" meet on the same stems. It is a
light suffix stripper, not a linguistic stemmer: it folds letters people type
interchangeably, unifies apostrophes and drops the common case/number endings.
"""

from __future__ import annotations

import re

# ґ/є/ї are often typed as г/е/і (Russian keyboard layouts, haste); folding
# them makes both spellings meet. Apostrophes inside words vanish entirely.
_FOLD = str.maketrans({"ґ": "г", "є": "е", "ї": "і", "ё": "е", "ы": "и", "э": "е", "ъ": ""})
_APOSTROPHES = re.compile(r"[’ʼ'`‘\u02bc\u2019]")
_WORD = re.compile(r"[0-9a-zа-яіїєґ]+")

_RAW_ENDINGS = (
    "ами", "ями", "ові", "еві", "ого", "ому", "ими", "ій", "ий", "ої", "ою", "ею", "ів",
    "ям", "ам", "ах", "ях", "ом", "ем", "ує", "ють", "ать", "ять", "ити", "ати", "іти",
    "яти", "ння", "ість", "ості", "их", "іх", "ій", "ая", "ее", "ї", "є",
    "а", "я", "о", "е", "и", "і", "у", "ю", "ь", "й",
)
_MIN_STEM = 3


def fold(text: str) -> str:
    """Lower-case, fold look-alike letters, remove apostrophes."""
    return _APOSTROPHES.sub("", text.lower()).translate(_FOLD)


# Longest first, folded like the words they are cut from; one ending per word.
_ENDINGS = tuple(sorted({fold(e) for e in _RAW_ENDINGS}, key=len, reverse=True))


def stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def tokens(text: str) -> list[str]:
    """Stems of every word in text, in order."""
    return [stem(word) for word in _WORD.findall(fold(text))]


def search_text(text: str) -> str:
    """The space-separated stems a search column stores."""
    return " ".join(tokens(text))
