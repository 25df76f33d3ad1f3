"""The grammar the safety check reads with: subjects, objects, negation and force.

Who acts (the nearest subject before a verb), to whom (the noun phrase after it), whether a
negation governs the verb (only between its own subject and the verb), and whether force is
written with it. The word lists come from data/safety.yaml; the rules that use this reading
are in detect.py.
"""

from __future__ import annotations

from typing import Any

from attachjournal.core.safety.people import NAME, NAMED_ADULT, NAMED_CHILD, NAMES, People
from attachjournal.core.safety.phrases import Lazy, Phrase
from attachjournal.core.safety.reading import Reader


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PREPOSITIONS = _words(
    "at with to for from of about by on in into near around without after before like than "
    "told tell asked"
)
# Words after "her" that show it is the object ("I slapped her again"), not "her" + a thing.
_AFTER_OBJECT = _words(
    "and but because when until till for in on with by across against up down over around to "
    "into at then so too again really hard harder s as while after before or if , once "
    "twice properly badly repeatedly roughly just like even still today tonight yesterday "
    "off out onto from through away round near under every each this last that most"
)


# Between a subject and its verb: "the vaccine really did hurt him".
_AUXILIARIES = _words(
    "is was are were am be been being has have had do does did will would could should might "
    "may must can just really also then actually probably totally literally "
    "always often sometimes still even keep keeps kept"
)
_FUNCTION = _words(
    "and but or so because when while if then that which who what where as than to of in on at "
    "by for with from into about after before until"
)


_OBJECT_VERBS = _words(
    "took take takes gave give gives held hold holds got get gets saw see left leave put had "
    "let made make brought bring told tell asked fed feed carried carry changed change bathed "
    "picked woke wake found find call phone ring text trust"
)
FORCE_BEFORE = (["roughly"], ["violently"], ["deliberately"], ["aggressively"], ["forcefully"])
_FORCE_AFTER = _words("squeezed squeezing shook shaking twisted twisting pulled yanked slapped")
# After these, "that" starts a clause of its own ("scared that I'll hurt him").
_THAT_AFTER = _words(
    "so such know knew think thought said say says feel felt sure afraid scared terrified "
    "worried frightened realise realised realize realized now glad hope hoping worry fear "
    "wish wished mean meant is was am are and but because see saw noticed told tell"
)
_THING_DETERMINERS = _words("the a an my his her their our this that your these those")
_FELL = _words("fell flew hit banged smashed crashed tumbled")
HYPOTHETICAL = _words("if might could may would ever")
CHILDREN_PLURAL = _words("kids children boys girls twins")
_FEELINGS = _words(
    "tired exhausted annoyed relieved pleased surprised shocked amazed embarrassed ashamed "
    "convinced sure glad sad upset gutted devastated horrified disgusted"
)
CLAUSE_STARTS = _words("and but when while because then until till after before if")


class Grammar:
    """The lexicon from the data file and the reading of one sentence's grammar."""

    def __init__(self, data: dict[str, Any]) -> None:
        words = lambda key: frozenset(str(w) for w in data[key])  # noqa: E731
        self.me_subjects = frozenset(data["subjects"]["me"])
        self.pronoun_subjects = frozenset(data["subjects"]["ambiguous"])
        self.other_subjects = frozenset(data["subjects"]["others"])
        self.indefinite = words("indefinite")
        self.asked = Lazy([data["asked"]])
        self.speech = words("speech")
        self.answered_no = Lazy([data["answered_no"]])
        self.answered_untrue = Lazy([data["answered_untrue"]])
        self.adults_alone = frozenset(data["adults"]["alone"])
        self.adults_related = frozenset(data["adults"]["related"])
        self.child_pronouns = words("child_pronouns")
        self.children = words("children")
        self.infants = frozenset({"baby", "babies", "newborn", "newborns", "infant", "infants"})
        self.body = words("body")
        self.determiners = words("determiners")
        self.me = words("me")
        self.verbs: dict[str, tuple[str, str, bool]] = {}  # form -> (lemma, kind, body)
        for lemma, spec in data["verbs"].items():
            for form in spec["forms"]:
                self.verbs[str(form)] = (str(lemma), str(spec["kind"]), bool(spec["body"]))
        self.manner = words("manner")
        self.manner_by = words("manner_by")
        self.force_body = words("force_body")
        self.off_places = words("off_places")
        self.injuries = words("injuries")
        self.pain_after = words("pain_after")
        self.gentle = words("gentle")
        self.protective = Lazy([data["protective"]])
        self.holders = words("holders")
        self.adult_markers = words("adult_markers")
        self.negators = words("negators")
        self.undone = words("negation_undone_by")
        self.urge = words("urge")
        self.urge_weak = words("urge_weak")
        self.fear = words("fear")
        self.thought = words("thought")
        self.accident = words("accident")
        self.game = words("game")
        self.laughter = words("laughter")
        self.mishap = words("mishap")
        self.news = Lazy(data["news"])
        self.threat_mild = Lazy([data["threat_mild"]])
        self.harm_idioms = Lazy([data["harm_idioms"]])
        self.childhood = Lazy(data["childhood"])
        self.injury_self = words("injury_self")
        self.self_where = words("self_injury_where")
        self.self_means = words("self_injury_means")
        self.deliberate_self = words("deliberate_self")
        self.weak_past_acts = words("weak_past_acts")
        concepts = data["self_concepts"]
        self.death = Lazy(concepts["death"])
        self.stance = frozenset(str(w) for w in concepts["stance"])
        self.life = Lazy(concepts["life"])
        self.phrases = [
            Phrase(group, i, spec)
            for group, rules in data["phrases"].items()
            for i, spec in enumerate(rules, 1)
        ]
        known = (
            set(self.verbs)
            | self.children
            | self.determiners
            | self.body
            | self.adults_alone
            | self.adults_related
        )
        self.known = frozenset(known)
        self.reader = Reader(data, known)
        self.people = People(data, self)
        # Words that are never a first name, however they are capitalised.
        self.common = self.people.never_names(
            data,
            _FUNCTION | _AUXILIARIES | _PREPOSITIONS | CLAUSE_STARTS | _OBJECT_VERBS,
            _FEELINGS | _THAT_AFTER,
        )

    def _names_adult(self, tokens: list[str]) -> bool:
        for i, token in enumerate(tokens):
            if token in self.adults_alone and token not in ("someone", "somebody"):
                return True
            if token in self.adults_related and i and tokens[i - 1] in ("my", "our", "the"):
                return True
        return False

    def subject(self, sentence: list[str], before: int) -> tuple[str, int]:
        """The nearest subject before position `before`: me, pronoun, adult, child or none."""
        thing = self._thing_subject(sentence, before)
        if thing is not None:
            return "other", thing
        for i in range(before - 1, -1, -1):
            token = sentence[i]
            if token in ("that", "who") and i > 0 and sentence[i - 1] in ("me", "myself"):
                return "me", i - 1  # "a part of me that wants to die"
            if token == "that" and i > 0 and not self._that_clause(sentence[i - 1]):
                # "the mosquito that bit her": the noun before "that" acts.
                kind, at = self.subject(sentence, i)
                return (kind if at == i - 1 else "other"), i - 1
            if token == "who" and i > 0:
                # "a man who shook his baby": the subject is the noun before "who".
                kind, at = self.subject(sentence, i)
                return (kind if at == i - 1 else "other"), i - 1
            if token in self.me_subjects:
                return "me", i
            if token in self.pronoun_subjects:
                return "pronoun", i
            if token in self.other_subjects:
                if i and (sentence[i - 1] in _PREPOSITIONS or self._verb_before(sentence[i - 1])):
                    continue  # "so I couldn't call anyone and he locked me in": an object
                return "other", i
            kind = ""  # every real kind is a word
            if token in NAMES:
                kind = {NAME: "name", NAMED_CHILD: "child", NAMED_ADULT: "adult"}[token]
            elif token in self.children:
                kind = "child"
            elif token in self.adults_alone or token in self.adults_related:
                kind = "adult"
            if not kind:
                continue
            # A noun after a preposition is not the subject ("lost it with the baby and").
            j = i - 1
            while j >= 0 and sentence[j] in self.determiners:
                j -= 1
            if j >= 0 and (sentence[j] in _PREPOSITIONS or self._verb_before(sentence[j])):
                continue  # "lost it with the baby", "grabbed the baby": not the subject
            if kind == "adult" and token in self.adults_related:
                possessed = j + 1 < i and sentence[j + 1] in ("my", "our", "the", "their")
                if not possessed and token not in ("someone", "somebody"):
                    # "his brother", "her friend": another child, most likely.
                    kind = "child"
            return kind, i
        return "none", -1

    def _thing_subject(self, sentence: list[str], before: int) -> int | None:
        """Where a thing is the subject right before the verb ("the vaccine hurt him")."""
        k = before - 1
        while k >= 0 and (sentence[k] in _AUXILIARIES or sentence[k] in self.negators):
            k -= 1
        if k < 1 or sentence[k] in self.known or sentence[k] in _FUNCTION or sentence[k] == "s":
            return None
        if sentence[k] in self.me_subjects or sentence[k] in self.pronoun_subjects:
            return None
        if sentence[k - 1] in self.children or sentence[k - 1] in self.adults_alone:
            return None  # "my girlfriend keeps hitting me": a person, then a verb
        for j in (k - 1, k - 2):
            if j >= 1 and sentence[j] in self.determiners and sentence[j - 1] in _PREPOSITIONS:
                return self._thing_subject(sentence, j - 1)  # "someone at the nursery is"
            if j >= 0 and sentence[j] in _THING_DETERMINERS:
                return k
            if j >= 0 and (sentence[j] in _FUNCTION or sentence[j] in self.verbs):
                return None
        return None

    def _that_clause(self, word: str) -> bool:
        """After these words "that" starts a clause ("so tired that I..."), not a relative."""
        return word in _THAT_AFTER or word in _FEELINGS or word in self.fear

    def _verb_before(self, word: str) -> bool:
        """A word that makes the noun after it an object ("grabbed the baby and shook her")."""
        if word in self.fear or word in _FEELINGS:
            return False  # "terrified my husband will...": a feeling, not a verb with an object
        return (
            word in self.verbs or word in _OBJECT_VERBS or (word.endswith("ed") and len(word) > 4)
        )

    def negated(self, sentence: list[str], start: int, end: int) -> bool:
        """A negation between the subject (start) and the verb (end) governs the verb."""
        for j in range(max(start, 0), end):
            if sentence[j] in self.negators:
                nxt = sentence[j + 1] if j + 1 < len(sentence) else ""
                if nxt not in self.undone and not (sentence[j] == "no" and nxt != "way"):
                    return True
        # "There's no way I would hurt her": the negation sits just before the subject.
        return start >= 2 and sentence[start - 2 : start] == ["no", "way"]

    def patient(self, sentence: list[str], v: int, body_ok: bool) -> tuple[str, int]:
        """Who the verb at v is done to: child, me, self, adult, thing or none; and where."""
        j = v + 1
        n = len(sentence)
        if j >= n:
            return "none", j
        first = sentence[j]
        if first == "myself":
            return "self", j
        if first in self.me:
            return "me", j
        if first in self.child_pronouns:
            nxt = sentence[j + 1] if j + 1 < n else ""
            if nxt in ("a", "an", "some"):
                return "thing", j  # "shook him a milkshake": made something for him
            if first in ("her", "their") and self._noun_like(nxt):
                return self._possessed(sentence, j + 1, body_ok)
            return ("them" if first in ("them", "em") else "child"), j
        if first == "his":
            return self._possessed(sentence, j + 1, body_ok)
        return self._noun_phrase(sentence, j, body_ok)

    def _noun_like(self, word: str) -> bool:
        return bool(word) and not (
            word in _AFTER_OBJECT
            or word in _AUXILIARIES
            or word in self.me_subjects
            or word in self.pronoun_subjects
            or word in self.verbs
            or word in self.negators
        )

    def _possessed(self, sentence: list[str], j: int, body_ok: bool) -> tuple[str, int]:
        head, k = self._head(sentence, j)
        if head in self.children:
            return "child", k
        if head in self.body:
            return ("child" if body_ok else "thing"), k
        return "thing", k

    def _noun_phrase(self, sentence: list[str], j: int, body_ok: bool) -> tuple[str, int]:
        start = j
        head, k = self._head(sentence, j)
        if head in self.children:
            return "child", k
        if head in self.adults_alone or head in self.adults_related or head == NAMED_ADULT:
            return "adult", k
        if head == NAME:
            return "named", k  # a first name: a child only when an adult harms them
        if head == NAMED_CHILD:
            return "child", k
        owner = sentence[start:k]
        possessive = ("his", "her", "their", "s")  # "his arm", "my son's face"
        if head in self.holders and "s" in owner and any(w in self.children for w in owner):
            return "child", k  # "the baby's bouncer"
        if head in self.body and any(w in possessive for w in owner):
            return ("child" if body_ok else "thing"), k
        if head in self.body and "my" in owner:
            return "me", k
        return "thing", k

    def _head(self, sentence: list[str], j: int) -> tuple[str, int]:
        n = len(sentence)
        steps = 0
        while j < n and steps < 6:
            token = sentence[j]
            nxt = sentence[j + 1] if j + 1 < n else ""
            if token in self.children and nxt == "s":
                j += 2  # "my son's ticket": the son owns what follows
                steps += 1
                continue
            if token in self.children and nxt not in ("boy", "girl"):
                return token, j
            if token == "old" and nxt not in self.children and nxt not in self.body and nxt != "s":
                return "child", j  # "my two year old"
            if token in ("one", "both", "either", "any", "each", "all") and nxt == "of":
                j += 2  # "one of the kids", "both of them"
                steps += 1
                if j < n and sentence[j] in ("them", "em"):
                    return "child", j
                continue
            if token in self.determiners or token == "s" or token.isdigit():
                j += 1
                steps += 1
                continue
            return token, j
        return "", j

    def _forceful(
        self, sentence: list[str], after: int, by_body: bool = True, lemma: str = ""
    ) -> bool:
        if by_body and sentence[after : after + 1] and sentence[after] in self.force_body:
            return True
        if set(sentence) & self.injuries:
            return True  # "bruises from where he grabbed me"
        window = []
        for token in sentence[after + 1 : after + 8]:
            if (
                token in CLAUSE_STARTS
                or token in self.me_subjects
                or token in self.pronoun_subjects
            ):
                break  # the next clause's words are not this verb's manner
            window.append(token)
        thrown = lemma in ("throw", "fling", "hurl", "toss", "push")
        if thrown and window[:1] == ["at"] and window[1:2] in (["the"], ["a"]):
            return True  # "threw him at the bed"
        if window[:1] in (["into"], ["against"], ["through"]) and sentence[after] in self.body:
            return True  # "pushed my head into the cupboard"
        if window[:1] == ["around"] and lemma in ("push", "shove"):
            return True  # "pushes me around"
        if window == ["over"]:
            return True  # "pushed my son over"
        if window[:1] == ["off"] and set(window[1:4]) & self.off_places:
            return True
        following = sentence[after + 1 : after + 6]
        if following[:1] == ["and"] and set(following[1:3]) & _FORCE_AFTER:
            return True  # "grabbed her face and squeezed"
        if following[:1] == ["and"] and set(following[2:4]) & _FELL:
            return True  # "pushed me and I fell"
        if "until" in following and set(following[following.index("until") :]) & self.pain_after:
            return True
        for i, token in enumerate(window):
            if token == "purpose" or (token in self.manner and token not in ("shake", "shook")):
                return True
            if token == "by" and i + 2 < len(window) and window[i + 2] in self.manner_by:
                return True
        return False

    # ------------------------------------------------------------------ rules


def dropped_off(sentence: list[str], at: int) -> bool:
    """ "Drop him off" and "drop her at nursery" deliver a child; "off the balcony" does not."""
    after = sentence[at + 1 : at + 3]
    if after[:1] in (["at"], ["to"], ["with"]):
        return True
    return after[:1] == ["off"] and (len(after) < 2 or after[1] not in ("the", "a", "that"))


def own_body_knock(sentence: list[str], at: int, body: frozenset[str]) -> bool:
    """A head or knee knocked on something: an accident to one's own body."""
    return sentence[at] in body and sentence[at + 1 : at + 2] in (["on"], ["against"], ["into"])
