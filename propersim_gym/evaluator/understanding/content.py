"""Does a recommendation say something? The noise check: word salad, mash, fragments, lists, filler.

A text is *noise* when a reader would find no concrete, intelligible suggestion in it. ``noise_reason``
returns why (one of ``NOISE_REASONS``), or None for a text that says something. The checks, in order:

1. ``no words`` — nothing but symbols, digits or emoji.
2. ``unintelligible`` — words a reader cannot read: more than a third of the words unknown, or two
   broken words. A word is known when it is in the lexicon (lemminflect's English tables plus the
   closed-class words below), a name (capitalised inside a sentence), an acronym, or has a digit
   ("k2", "5k"). A *broken* word is an unknown one that is glued ("fiveSuggestion", "weMaybe"), at
   most three letters long, or the start of a known word ("starte", "littl").
3. ``repetition`` — the same word twice in a row ("new new", "of of"; idioms like "very very"
   excepted), or fewer than half the words distinct in a text of 4+ words.
4. ``too short`` — fewer than three words.
5. ``dangling`` — a sentence that ends in an article, possessive, conjunction, modal or "to", or a
   text that ends in a colon or comma ("How about a", "Here's an idea:", "It might be nice to").
6. ``word salad`` — word sequences English does not allow, whatever tags their words could have:
   an article or possessive before a determiner, preposition, conjunction, subject pronoun, modal or
   verb-only word ("the get", "a the"), or a noun phrase after an article with no noun ("a short
   somewhere", "a new interesting?"); two modals ("could must") or a modal before a preposition or
   "to"; a subject pronoun (I, we, they, he, she) before a word that cannot follow a subject ("we
   it"); "would you are"; "like to / want to / time to" before a word that cannot be a verb ("time
   to your book"); two verb-only words in a row outside help/let/make/go ("notice try").
7. ``list`` — three or more words with no function word at all (no article, pronoun, preposition,
   conjunction, auxiliary, adverb or number): a list of topic words is not a suggestion. A terse note
   that opens with a verb and has no comma ("Bake banana bread.") is an order, not a list.
8. ``nothing concrete`` — no word beyond the frame of a suggestion: light verbs (try, do, make, take),
   filler nouns (idea, suggestion, minutes, something), softeners and pronouns ("Try a few
   minutes.", "Here's a suggestion for you!"), and the names of whole categories
   (``CATEGORY_WORDS``: "Some music for you.", "Consider a playlist, a podcast, a film or a book."):
   a lone category with no verb of doing, or two categories or more.

The lexicon is lemminflect's (loaded on first use, about 0.3 s); everything else is plain Python.
"""

from __future__ import annotations

import bisect
import gzip
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from propersim_gym.evaluator.understanding.words import word_set

NOISE_REASONS = (
    "no words",
    "unintelligible",
    "repetition",
    "too short",
    "dangling",
    "word salad",
    "list",
    "nothing concrete",
)

# ------------------------------------------------------------------------------------ closed classes

ARTICLES = word_set("a an the")
POSSESSIVES = word_set("my your our their its")
DETERMINERS = ARTICLES | POSSESSIVES | word_set("this that these those every each some any no another his")
SUBJECT_PRONOUNS = word_set("i we they he she")
PRONOUNS = SUBJECT_PRONOUNS | word_set(
    "you it me us them him her myself yourself ourselves themselves himself herself itself one everyone "
    "someone anyone something anything everything nothing somebody anybody everybody who whom whose "
    "what which whatever his"
)
MODALS = word_set("can could will would shall should may might must")
AUXILIARIES = MODALS | word_set("be am is are was were been being do does did have has had")
PREPOSITIONS = word_set(
    "of in on at by for with from into onto about above below under over after before between through "
    "during without within across along around towards toward against among beneath beside besides "
    "beyond near off past per since than till until upon via up down out like round"
)
CONJUNCTIONS = word_set("and or but nor yet so because although though while whilst if unless whether as")
PARTICLES = word_set("to not n't")
ADVERBS = word_set(
    "now then here there today tonight tomorrow yesterday soon later already also just only even still "
    "too very really quite rather maybe perhaps please again ever never always often sometimes once twice "
    "how when where why away back else instead almost enough"
)
INTERJECTIONS = word_set("hey hi hello oh ok okay yes yeah no hmm wow oops ah alright thanks")
NUMBER_WORDS = word_set(
    "zero one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
    "fifty sixty hundred thousand half first second third dozen couple few several many much more most "
    "all both lots"
)
CONTRACTIONS = word_set(
    "let's it's that's there's here's what's how's who's i'm i'd i'll you're you've you'll"
)
#: Abbreviations and chat words a reader knows although the lexicon does not ("10 min", "veg", "pls").
ABBREVIATIONS = word_set(
    """
    min mins hr hrs sec secs km kg lb lbs ml cm mm approx info pic pics app apps veg vid vids ep eps rep
    reps bpm diy tv asap fyi btw rn pls plz thx u ur ok okay wifi convo prep g oz
    """
)
CLOSED_CLASS = (
    DETERMINERS
    | PRONOUNS
    | AUXILIARIES
    | PREPOSITIONS
    | CONJUNCTIONS
    | PARTICLES
    | ADVERBS
    | INTERJECTIONS
    | NUMBER_WORDS
    | CONTRACTIONS
)
#: Words that only frame a suggestion (light verbs, filler nouns, softeners): a text of nothing but these,
#: closed-class words and names says nothing concrete.
FRAME_WORDS = word_set(
    """
    try do make take get have give go put keep start let consider feel like love want need think know
    see find use enjoy help helps suggest suggestion suggestions recommend recommendation recommendations
    idea ideas thought thoughts tip tips thing things way ways bit lot time times minute minutes min mins
    hour hours moment moments day days week today piece sort type stuff something anything
    little short quick new nice good great lovely gentle simple small big fun nicer easier better best
    sure right well fine happy glad hope note reminder option options checking check ignore excuse
    excuses interesting pleasant seriously friendly
    """
)
#: Word doubles that English uses ("very very", "bye bye", "had had").
ALLOWED_DOUBLES = word_set("very really so no bye ha haha knock had that much many far")
#: Verbs that take a bare infinitive right after them ("help clean", "let know", "go get").
BARE_INFINITIVE_VERBS = word_set("help helps let make go come see watch hear dare please")
#: Words after which "to" starts an infinitive, so the next word must be able to be a verb.
TO_INFINITIVE_HEADS = word_set(
    "like love want wants need needs try tries time going able how chance remember forget decide hope "
    "ready nice good easy fun great helpful wanna gotta"
)
#: Short words of other languages that turn up in English suggestions ("mise en place", "al dente").
FOREIGN_PARTICLES = word_set("en de la le al du el da di von van der des les pho")
#: Words that can head a noun phrase after an article although not tagged as nouns ("a little", "the best").
#: Adverbs that may follow an article, before the adjective they grade ("a very quick", "the only one").
ARTICLE_ADVERBS = word_set(
    "very really quite rather too so just only even almost ever never always once most more less well"
)
NOUN_LIKE = NUMBER_WORDS | word_set(
    "little best most least rest same other usual latter former must go read while"
)

_TOKEN_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|[.!?]+|[,;:/|()\[\]{}\"“”]|\n|[-–—•*]", re.UNICODE)
_GLUED_RE = re.compile(r"[a-z]{2,}[A-Z]|[A-Z]{2,}[a-z]{2,}")
_HAS_DIGIT_RE = re.compile(r"\d")
_SENTENCE_END_RE = re.compile(r"^[.!?]+$")
#: Function words that an undertrained model runs into the next word ("isjam").
_GLUE_HEADS = ("the", "is", "are", "you", "your", "to", "a", "an", "and", "of", "it", "we", "my")
#: Lower-case openers that mark a text as a piece cut from a longer one.
_FRAGMENT_OPENERS = word_set("and or but of for nor")
#: Characters that are debris of markup or a broken encoding inside a message.
_DEBRIS = ("\ufffd", "{", "}", "<", ">")
_CLAUSE_OPENERS = frozenset({":", "-", "—", "–", "•", "*", "(", '"', "“", "["})
_DANGLING_ENDS = ARTICLES | POSSESSIVES | (CONJUNCTIONS - word_set("so yet though")) | MODALS | word_set("to")

#: Separators a reader sees as a space (braille blank, figure/thin/ideographic spaces, ...).
_ODD_SPACES_RE = re.compile("[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u2800\u3000\u3164\uffa0]")
_INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


def visible_text(text: str) -> str:
    """``text`` as a reader sees it: NFKC, invisible characters removed, odd blanks made spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE_RE.sub("", text)
    return _ODD_SPACES_RE.sub(" ", text)


# ------------------------------------------------------------------------------------------ lexicon


@lru_cache(maxsize=1)
def _lemminflect():
    """lemminflect (imported lazily: it loads its tables on first use)."""
    import lemminflect

    return lemminflect


@lru_cache(maxsize=1)
def _known_words() -> tuple[str, ...]:
    """Every word form in lemminflect's tables, lower case and sorted (for the broken-word check)."""
    resources = Path(_lemminflect().__file__).parent / "resources"
    words: set[str] = set(CLOSED_CLASS)
    with gzip.open(resources / "infl_lu.csv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            lemma, _, forms = line.rstrip("\n").split(",", 2)
            words.add(lemma.lower())
            words.update(f.lower() for f in forms.replace(",", "/").split("/") if f)
    with gzip.open(resources / "lemma_lu.csv.gz", "rt", encoding="utf-8") as fh:
        words.update(line.split(",", 1)[0].lower() for line in fh)
    return tuple(sorted(words))


def _starts_a_known_word(fragment: str) -> bool:
    """Whether ``fragment`` is a known word missing its last one or two letters ("starte", "littl")."""
    words = _known_words()
    i = bisect.bisect_right(words, fragment)
    while i < len(words) and words[i].startswith(fragment):
        if len(words[i]) - len(fragment) <= 2:
            return True
        i += 1
    return False


@lru_cache(maxsize=65536)
def word_tags(word: str) -> frozenset[str]:
    """The parts of speech ``word`` (lower case) can have: closed class, else lemminflect's open classes."""
    tags: set[str] = set()
    for group, tag in (
        (ARTICLES | POSSESSIVES, "DET"),
        (DETERMINERS - ARTICLES - POSSESSIVES, "DET"),
        (DETERMINERS - ARTICLES - POSSESSIVES, "PRON"),
        (PRONOUNS, "PRON"),
        (SUBJECT_PRONOUNS, "SUBJ"),
        (MODALS, "MODAL"),
        (AUXILIARIES, "AUX"),
        (PREPOSITIONS, "ADP"),
        (CONJUNCTIONS, "CONJ"),
        (PARTICLES, "PART"),
        (ADVERBS, "ADV"),
        (INTERJECTIONS, "INTJ"),
        (NUMBER_WORDS, "NUM"),
        (CONTRACTIONS, "CONTRACTION"),
    ):
        if word in group:
            tags.add(tag)
    if "-" in word:
        return frozenset(tags | {"ADJ", "NOUN"})  # a compound: "10-minute", "one-pan", "to-do"
    if word in ABBREVIATIONS:
        return frozenset(tags | {"NOUN"})
    open_tags = _lemminflect().getAllLemmas(word)
    if open_tags and not (tags and set(open_tags) <= {"NOUN", "PROPN"}):
        tags.update(open_tags)  # (lemminflect lists many function words as nouns; those are ignored)
    if "VERB" in tags and word.endswith(("ing", "ed")):
        tags.add("PARTICIPLE")
    return frozenset(tags)


# ------------------------------------------------------------------------------------------ reading


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    lower: str
    tags: frozenset[str]
    known: bool
    broken: bool
    glued: bool = False


def _read_word(token: str, sentence_start: bool) -> _Word:
    """A token as a reader takes it: its parts of speech, whether it is a word, whether it is broken."""
    lower = token.lower().replace("’", "'")
    if _GLUED_RE.search(token) and token[:1].islower():
        return _Word(token, lower, frozenset(), known=False, broken=True, glued=True)  # "weMaybe"
    tags = word_tags(lower)
    if not tags and "'" in lower:
        head, _, tail = lower.partition("'")
        if tail == "t":
            tags = frozenset({"AUX"})  # don't, won't, can't
        elif tail in ("re", "ve", "ll", "d", "m"):
            tags = frozenset({"PRON", "AUX", "CONTRACTION"})  # you're, we'll, I'd
        elif tail == "s":
            tags = word_tags(head)  # the dinner's, it's
    named = token[:1].isupper() and not sentence_start
    if tags:
        return _Word(token, lower, tags | {"PROPN", "NOUN"} if named else tags, known=True, broken=False)
    if _HAS_DIGIT_RE.search(token) or not any(c.isalpha() for c in token):
        return _Word(token, lower, frozenset({"NUM"}), known=True, broken=False)
    if named or (token.isupper() and 2 <= len(token) <= 5) or (token[:1].isupper() and not _is_broken(lower)):
        return _Word(token, lower, frozenset({"PROPN", "NOUN"}), known=True, broken=False)
    if _is_compound(lower):
        return _Word(token, lower, frozenset({"NOUN", "ADJ"}), known=True, broken=False)  # "playlist"
    glued = _is_glued(lower)
    broken = glued or _is_broken(lower)
    return _Word(token, lower, frozenset({"NOUN", "ADJ"}), known=False, broken=broken, glued=glued)


def _is_compound(lower: str) -> bool:
    """Two content words written as one ("playlist", "podcast", "deadhead"): a word, though not listed."""
    for cut in range(3, len(lower) - 2):
        head, tail = lower[:cut], lower[cut:]
        if head not in CLOSED_CLASS and word_tags(head) and word_tags(tail) and tail not in CLOSED_CLASS:
            return True
    return False


def _is_broken(lower: str) -> bool:
    """An unknown lower-case word that looks broken: very short or a known word cut short ("littl")."""
    if len(lower) <= 3:
        return lower not in FOREIGN_PARTICLES
    return _starts_a_known_word(lower)


def _is_glued(lower: str) -> bool:
    """An unknown word that is a function word run into a known word ("isjam", "thedog"); compounds of two
    content words ("podcast", "deadhead") are words."""
    for head in _GLUE_HEADS:
        if lower.startswith(head) and len(lower) - len(head) >= 3 and word_tags(lower[len(head) :]):
            return True
    return False


def _sentences(text: str) -> list[list[_Word | str]]:
    """The text's sentences as words and punctuation marks."""
    tokens = _TOKEN_RE.findall(text)
    sentences: list[list[_Word | str]] = [[]]
    start = True
    for tok in tokens:
        if _SENTENCE_END_RE.match(tok) or tok == "\n":
            if sentences[-1]:
                sentences.append([])
            start = True
        elif tok[:1].isalnum():
            sentences[-1].append(_read_word(tok, start))
            start = False
        else:
            sentences[-1].append(tok)
            start = start or tok in _CLAUSE_OPENERS
    return [s for s in sentences if s]


def _noun_phrase_lacks_noun(words: list[_Word], i: int, open_end: bool) -> bool:
    """After the article at ``words[i]``: do the adjective/noun words that follow end without a noun?

    ``open_end``: the words are followed by a comma or dash, so the phrase may go on after it ("a healthy,
    filling snack")."""
    j = i + 1
    last: _Word | None = None
    while j < len(words) and words[j].tags & {"ADJ", "NOUN", "NUM", "PROPN", "PARTICIPLE", "ADV"}:
        closed = words[j].tags & {"ADP", "CONJ", "DET", "PART", "SUBJ", "MODAL"}
        if closed and not words[j].tags & {"NOUN", "ADJ"} and last is not None:
            break
        last = words[j]
        j += 1
        if last.tags & {"NOUN", "PROPN", "NUM"} or last.lower in NOUN_LIKE:
            return False
    if open_end and j == len(words):
        return False
    return last is not None and not (last.tags & {"NOUN", "PROPN", "NUM"} or last.lower in NOUN_LIKE)


def _salad_at(words: list[_Word], i: int, open_end: bool = False) -> bool:
    """Whether the words around ``words[i]`` (and ``words[i + 1]``) form a sequence English does not allow."""
    a = words[i]
    if i + 1 >= len(words):
        return False
    b = words[i + 1]
    ta, tb = a.tags, b.tags
    if not a.known or not b.known:
        return False
    if a.lower in ARTICLES or a.lower in POSSESSIVES:
        if tb <= {"ADV"} and b.lower not in ARTICLE_ADVERBS and not b.lower.endswith("ly"):
            return True  # "the somewhere", "a here": only degree and -ly adverbs follow an article
        if tb & {"NOUN", "ADJ", "NUM", "PARTICIPLE", "PROPN", "ADV"} or b.lower in NOUN_LIKE:
            return a.lower in ARTICLES and _noun_phrase_lacks_noun(words, i, open_end)
        if tb <= {"VERB", "AUX", "PARTICIPLE"}:
            # English makes nouns of verbs freely ("a reset", "a listen", "the tote bag"); only a determiner
            # or subject pronoun right after shows that no noun was meant ("the get the", "a relax we")
            nxt = words[i + 2] if i + 2 < len(words) else None
            return nxt is not None and bool(nxt.tags & {"DET", "SUBJ", "MODAL"}) and not nxt.tags & {"NOUN"}
        return True
    if "MODAL" in ta and (tb & {"MODAL"} or b.lower in ("to", "of", "for", "a", "an", "the")) and i > 0:
        return True
    if a.lower in SUBJECT_PRONOUNS and not tb & {"VERB", "AUX", "ADV", "MODAL", "NUM", "CONTRACTION"}:
        return b.lower not in ("all", "both", "each", "themselves", "ourselves", "myself")
    if "MODAL" in ta and b.lower == "you" and i + 2 < len(words):
        return words[i + 2].lower in ("are", "is", "was", "were", "has")
    if a.lower == "like" and b.lower == "to" and i > 0 and words[i - 1].lower in ("feel", "feels", "felt"):
        return True  # "feel like to": feel like takes -ing
    if a.lower == "to" and i > 0 and words[i - 1].lower in TO_INFINITIVE_HEADS:
        return "VERB" not in tb and "AUX" not in tb and b.lower not in ("be", "not")
    if a.lower == "how" and tb <= {"NOUN", "PROPN"} and b.lower != "come":
        return True  # "How way to ..."
    if a.lower == "doing" and b.lower == "and" and i > 0 and words[i - 1].lower in ("are", "is", "am", "'re"):
        return not any(w.lower in ("what", "how", "whatever") for w in words[:i])  # "you are doing and idea"
    if ta == frozenset({"VERB"}) and tb == frozenset({"VERB"}) and a.lower not in BARE_INFINITIVE_VERBS:
        return not a.lower.endswith(("ing", "ed", "s"))
    return False


def _ends_whole(sentence: list[_Word | str]) -> bool:
    """Whether a sentence that ends in a function word is still whole: "something to listen to" (a verb
    before "to"), "if you can" (a pronoun before a modal), "for a while" (an article before a noun)."""
    last, before = sentence[-1], sentence[-2] if len(sentence) >= 2 else None
    if not isinstance(last, _Word) or not isinstance(before, _Word):
        return False
    if last.lower == "to":
        return "VERB" in before.tags
    if last.lower in MODALS:
        return "PRON" in before.tags
    recent = [w.lower for w in sentence[-4:-1] if isinstance(w, _Word)]
    return last.lower in NOUN_LIKE and any(w in ARTICLES for w in recent)  # "for a (little) while"


#: The names of the topics themselves: a question of nothing but these is a keyword list ("Decor budget?").
_TOPIC_WORDS = word_set(
    "cooking nutrition exercise fitness mindfulness meditation sleep productivity learning reading music "
    "film tv podcast art arts craft crafts decor gardening organizing organising social games game "
    "journaling finance budget budgeting self-care care home"
)
#: Names of whole categories: a text whose only concrete words are these ("Some music for you.", "Consider
#: a playlist, a podcast, a film or a book.") names a topic without suggesting anything in it.
CATEGORY_WORDS = _TOPIC_WORDS | word_set(
    "playlist podcast film movie book recipe show series song album puzzle workout meal snack plant hobby "
    "activity entertainment chore money finances skincare content media topic category"
)


def _is_short_question(visible: str, letter_words: list[_Word]) -> bool:
    """A two-word question about a concrete thing ("Jazz playlist?", "Tea break?"): terse but whole."""
    if len(letter_words) != 2 or not visible.rstrip().endswith("?"):
        return False
    if not all(w.known for w in letter_words):
        return False
    concrete = [w for w in letter_words if w.lower not in FRAME_WORDS and w.lower not in CLOSED_CLASS]
    return bool(concrete) and any(w.lower.rstrip("s") not in _TOPIC_WORDS for w in concrete)


def noise_reason(text: str) -> str | None:
    """Why ``text`` says nothing a reader could act on (one of NOISE_REASONS); None if it says something."""
    visible = visible_text(text)
    sentences = _sentences(visible)
    words = [w for s in sentences for w in s if isinstance(w, _Word)]
    letter_words = [w for w in words if any(c.isalpha() for c in w.text)]
    if not letter_words:
        return "no words"

    unknown = sum(not w.known for w in letter_words)
    broken = sum(w.broken for w in letter_words) + visible.count("|")
    if (
        unknown * 3 > len(letter_words)
        or broken >= 2
        or (broken and len(letter_words) < 6)
        or any(w.glued for w in letter_words)
        or any(c in visible for c in _DEBRIS)
    ):
        return "unintelligible"

    lowers = [w.lower for w in words]
    for sentence in sentences:
        for a, b in itertools.pairwise(sentence):
            if isinstance(a, _Word) and isinstance(b, _Word) and a.lower == b.lower not in ALLOWED_DOUBLES:
                return "repetition"
    if len(lowers) >= 4 and len(set(lowers)) * 2 < len(lowers):
        return "repetition"

    if len(letter_words) < 3 and not _is_short_question(visible, letter_words):
        return "too short"
    if words[0].text in _FRAGMENT_OPENERS:
        return "dangling"  # a piece cut from a longer text: "and practise a thing pleasant."

    if visible.rstrip(" \t\r\n\"'`”’)]}*_~").endswith((":", "-", "–", "—", ",", ";")):
        return "dangling"
    for sentence in sentences:
        last = sentence[-1]
        if isinstance(last, _Word) and last.lower in _DANGLING_ENDS and not _ends_whole(sentence):
            return "dangling"
        run: list[_Word] = []
        for item in [*sentence, "."]:
            if isinstance(item, _Word):
                run.append(item)
                continue
            open_end = item in (",", "-", "–", "—", ";")
            if any(_salad_at(run, i, open_end) for i in range(len(run))):
                return "word salad"
            run = []

    function_tags = {"DET", "PRON", "ADP", "CONJ", "PART", "AUX", "ADV", "NUM", "MODAL", "CONTRACTION"}
    # a terse note that opens with a verb and lists nothing ("Bake banana bread.") is an order, not a list
    first = letter_words[0]
    terse_order = (
        "VERB" in first.tags
        and first.lower not in CATEGORY_WORDS
        and not any(c in visible for c in ",;")
        and (first.text[:1].isupper() or visible.rstrip().endswith((".", "!")))  # a note, not a word dump
    )
    if (
        not any(w.tags & function_tags for w in words)
        and not terse_order
        and not _is_short_question(visible, letter_words)
    ):
        return "list"

    concrete = [w.lower for w in letter_words if w.lower not in FRAME_WORDS and w.lower not in CLOSED_CLASS]
    if not concrete:
        return "nothing concrete"
    categories = {_singular(w) for w in concrete}
    if categories <= CATEGORY_WORDS:
        # one category named with something to do ("Try a new recipe tonight.") still suggests an act
        acts = any(w.lower in ACT_VERBS for w in letter_words)
        if len(categories) >= 2 or not acts:
            return "nothing concrete"
    return None


#: Verbs that turn a named category into something to do ("Put on a podcast.", "Try a new recipe.").
ACT_VERBS = word_set(
    "try do make take get have give go put keep start let use play watch cook read listen check find enjoy"
)


def _singular(word: str) -> str:
    """``word`` without a plural "s" (for the category check)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "ies")) else word
