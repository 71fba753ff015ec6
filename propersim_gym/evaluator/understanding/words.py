"""Word-level helpers shared by the readers of a recommendation (topics, tone, safety, content)."""

from __future__ import annotations

import re

_WORD_TOKENS_RE = re.compile(r"[a-zµéè]+|[0-9]+")
_PHRASE_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (keeps the word lists readable)."""
    return frozenset(text.split())


def word_tokens(text: str) -> frozenset[str]:
    """Lower-case letter/digit runs of ``text`` (for the keyword pre-checks)."""
    return frozenset(_WORD_TOKENS_RE.findall(text.lower()))


def padded_words(text: str) -> str:
    """`` w1 w2 ... `` — the lower-cased words of ``text``, for whole-word phrase look-ups."""
    return " " + " ".join(_PHRASE_TOKEN_RE.findall(text.lower().replace("’", "'"))) + " "


def has_phrase(padded: str, phrases: tuple[str, ...]) -> bool:
    """True when one of the (lower-case, single-spaced) ``phrases`` occurs as whole words."""
    return any(f" {p} " in padded for p in phrases)
