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


#: Words that carry no content of their own, left out of a text's gist.
_GIST_STOPWORDS = word_set(
    """
    a an the my your our their its this that these those some any no every each and or but so if then
    to of in on at by for with from into about as is are was were be been being am do does did have has
    had can could will would shall should may might must you it i we me us them they he she him her
    what which who how why when where there here now just maybe perhaps please really very also too
    try make take get give go let put keep start feel like want need think know consider how about
    little bit quick short nice good new some few minutes minute idea suggestion time today tonight
    """
)


def gist(text: str) -> frozenset[str]:
    """The content words of ``text`` (lower case, a plural "s" dropped): two texts with much the same gist
    say the same thing."""
    words = _PHRASE_TOKEN_RE.findall(text.lower().replace("’", "'"))
    return frozenset(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in words
        if w not in _GIST_STOPWORDS
    )


def same_gist(a: frozenset[str], b: frozenset[str], threshold: float = 0.6, contained: float = 0.8) -> bool:
    """Whether the second gist repeats the first: they overlap enough (Jaccard >= ``threshold``), or the
    second holds nearly all of a first of three words or more (the same suggestion padded with new words)."""
    if not a or not b:
        return False
    shared = len(a & b)
    return shared >= threshold * len(a | b) or (len(a) >= 3 and shared >= contained * len(a))
