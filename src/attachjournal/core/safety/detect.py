"""Read a little grammar in free text: who does what to whom, and whether it is negated.

Local, fast and explainable: every finding names the rule that made it. The word lists and
phrases live in data/safety.yaml (see the comments there for how a text is read).
Reading (words, sentences, spelling) is in reading.py, the grammar in grammar.py. Nothing here is imported by
`attach --help`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from attachjournal.core.safety.grammar import (
    CHILDREN_PLURAL,
    CLAUSE_STARTS,
    FORCE_BEFORE,
    HYPOTHETICAL,
    Grammar,
    dropped_off,
    own_body_knock,
)
from attachjournal.core.safety.people import NAMED_ADULT, NAMED_CHILD, NAMES
from attachjournal.core.safety.reading import sentences

GROUPS = ("self", "child", "others")
_COMPARED = re.compile(r"\b(as much as|so much as|as badly as|more than)\b")


@dataclass(frozen=True)
class _Frame:
    lemma: str
    form: str  # the verb as written
    kind: str  # strong | manner | weak
    whom: str  # child | me
    at: int  # where the object is
    mood: str  # act | urge | weak | fear


@dataclass(frozen=True)
class _Context:
    adult_named: bool  # the text names an adult ("my husband")
    earlier: list[str]  # the words of the sentences before, for who "he" is


@dataclass(frozen=True)
class Hit:
    group: str  # self | child | others
    rule: str  # which rule, in words (never the person's text)


class Detector(Grammar):
    """Built once from the data file; `hits(text)` is pure and cheap."""

    def tokens(self, text: str) -> list[str]:
        return self.reader.tokens(text)

    def hits(self, text: str) -> list[Hit]:
        tokens = self.people.mark_names(text, self.reader.tokens(text), self.common)
        adult_named = self._names_adult(tokens)
        found: list[Hit] = []
        earlier: list[str] = []
        for sentence in sentences(tokens):
            sentence = self._own_words(sentence)
            ctx = _Context(adult_named, earlier)
            here = self._frames(sentence, ctx)
            here += self._self_injury(sentence)
            here += self._own_death(sentence)
            here += self._phrases(sentence, ctx)
            earlier = earlier + sentence
            if here and self._screening_answered_no(sentence):
                continue
            found += here
        return found

    def _own_words(self, sentence: list[str]) -> list[str]:
        """The sentence up to another person's words quoted in the first person."""
        for i, token in enumerate(sentence[1:-1], 1):
            # "I don't want to be here, said my son": the words before are his.
            speaker = sentence[i + 1] in ("my", "the", "his", "her", "he", "she", "they", "our")
            if token in self.speech and sentence[i - 1] == "," and speaker:
                return sentence[i + 1 :]
        for i, token in enumerate(sentence[:-1]):
            if token not in self.speech or sentence[i + 1] not in ("i", "you", "me", "my"):
                continue
            if token == "told" and sentence[i + 1] == "me":
                continue  # "he told me I ..." reports, it doesn't quote
            agent, _ = self.subject(sentence, i)
            if agent != "me":
                return sentence[: i + 1]
        return sentence

    def _screening_answered_no(self, sentence: list[str]) -> bool:
        """A question asked by someone (a midwife, a form) and answered no."""
        text = " ".join(sentence)
        no = self.asked.search(text) and self.answered_no.search(text)
        return no and not self.answered_untrue.search(text)

    # ------------------------------------------------------------------ grammar

    def _frames(self, sentence: list[str], ctx: _Context) -> list[Hit]:
        """Harm verbs read with their subject and object: the child and others groups."""
        found = []
        text = " ".join(sentence)
        words = set(sentence)
        # An adult named as such who laughs as they hit is not playing; "she laughed" may be.
        people = {"he", "she", "they", *NAMES}
        for v, token in enumerate(sentence):
            spec = self.verbs.get(token)
            if spec is None:
                continue
            lemma, kind, body_ok = spec
            whom, at = self.patient(sentence, v, body_ok)
            if whom == "them":
                # "them" is as often things ("threw them away"): only after the strongest verbs.
                whom = "child" if kind == "strong" else "thing"
            if whom not in ("child", "me", "named"):
                continue
            agent, s = self.subject(sentence, v)
            forceful = self._forceful(sentence, at, lemma=lemma)
            forceful = forceful or sentence[v - 1 : v] in FORCE_BEFORE
            if agent in ("pronoun", "name"):
                agent = self._pronoun_agent(sentence, (s, v, at), whom, lemma, ctx, forceful)
            if agent == "adult" and self.people.own_body(sentence, s, v, at, lemma):
                continue  # "my husband hurt his back lifting the pram"
            if whom == "named":
                if agent != "adult":
                    continue  # "I hit Tom": a first name is a child only when an adult acts
                whom = "child"
            if agent in ("child", "other") or self.negated(sentence, s, v):
                continue
            frame = _Frame(lemma, token, kind, whom, at, self._mood(sentence, v))
            if self.harm_idioms.search(text):
                continue  # "hit me up for money", "twisted my arm to stay up"
            if kind == "threat" and agent != "adult":
                continue  # a threat is someone else's ("he threatens the kids")
            if agent in ("me", "none") and self._adult_pronoun(sentence, at):
                continue  # "my partner snores so I want to smother him": him is the partner
            if agent in ("me", "none") and self._harm_by_me(sentence, words, frame, forceful):
                found.append(Hit("child", f"I + {lemma} + a child ({frame.mood})"))
            elif agent == "adult" and whom == "child" and own_body_knock(sentence, at, self.body):
                continue  # "my husband smacked his head on the loft hatch"
            elif agent == "adult" and self._harm_by_adult(
                text, words - self.laughter if sentence[s] not in people else words, frame, forceful
            ):
                worry = set(sentence[:v]) & (self.fear | HYPOTHETICAL)
                if sentence[s] in self.indefinite and worry:
                    continue  # "I worry someone will hurt her at school": a worry
                found.append(Hit("others", f"an adult + {lemma} + {whom}"))
        return found

    def _pronoun_agent(
        self,
        sentence: list[str],
        where: tuple[int, int, int],
        whom: str,
        lemma: str,
        ctx: _Context,
        forceful: bool,
    ) -> str:
        """ "He", "she", "they" or a first name: an adult, or "other" (a child, not known)."""
        s, v, at = where
        who = sentence[s]
        if who not in ("he", "she", "they") and who not in NAMES:
            return "other"  # "you", "we"
        if self.people.own_body(sentence, s, v, at):
            return "other"  # "he hit his head"
        # Who "he" is: someone named before him in his sentence, else a child's doings
        # ("when I changed his nappy"), else someone named in the sentences before.
        referent = self.people.referent(sentence[:s], who)
        if not referent and self.people.child_doings(sentence, lemma):
            return "other"  # "he bit me at pickup", "kicked me in his sleep"
        referent = referent or self.people.referent(ctx.earlier, who)
        if referent:
            return "adult" if referent == "adult" else "other"
        adult = ctx.adult_named or bool(set(sentence) & self.adult_markers)
        # "He's been hitting our kids": "our" children make him the other parent.
        adult = adult or (whom == "child" and "our" in sentence[s:at])
        # "He hit me and the kids saw": with the children named apart, "he" is an adult.
        adult = adult or bool(set(sentence[s + 1 :]) & CHILDREN_PLURAL)
        if adult:
            return "adult"
        if whom != "me" and sentence[at] not in CHILDREN_PLURAL:
            return "other"  # "she hit him", "he pushed the baby": a brother or sister, maybe
        if who in NAMES and not (forceful or lemma in self.people.adult_acts):
            return "other"  # "Lily hit me": a name may be a toddler's
        return "adult"

    def _adult_pronoun(self, sentence: list[str], at: int) -> bool:
        """A "him" or "her" whose nearest person before, in the same sentence, is an adult."""
        pronoun = {"him": "he", "her": "she"}.get(sentence[at])
        return pronoun is not None and self.people.referent(sentence[:at], pronoun) == "adult"

    def _mood(self, sentence: list[str], v: int) -> str:
        """fear (or pictured), urge, weak (could, nearly) or act, from the words before v."""
        window = set(sentence[max(0, v - 12) : v])
        if window & self.fear or window & self.thought:
            return "fear"
        if window & self.urge:
            return "urge"
        return "weak" if window & self.urge_weak else "act"

    def _harm_by_me(self, sentence: list[str], words: set[str], f: _Frame, forceful: bool) -> bool:
        if f.whom != "child":
            return False
        if f.kind == "weak":
            # "I could kill him" is an idiom; feared, pictured, or wanted towards a baby is not.
            infant = sentence[f.at] in self.infants
            done = f.mood == "act" and f.form in self.weak_past_acts
            return done or f.mood == "fear" or (f.mood == "urge" and infant)
        if f.lemma == "beat" and sentence[f.at + 1 : f.at + 2] in (["at"], ["in"], ["to"]):
            return False  # "beat him at snap": a game
        if f.mood == "act" and self.protective.search(" ".join(sentence)):
            return False  # "pulled her by the arm away from the road"
        if f.lemma == "drop" and dropped_off(sentence, f.at):
            return False  # "drop him off late", "dropped her at nursery"
        thrown_baby = sentence[f.at] in self.infants and f.lemma in (
            "throw",
            "fling",
            "hurl",
            "toss",
        )
        if f.kind == "manner" and not (forceful or thrown_baby or f.mood in ("fear", "urge")):
            return False  # a baby is never thrown, flung or tossed gently enough
        if f.lemma == "shake" and sentence[f.at + 1 : f.at + 2] == ["awake"]:
            return False
        if f.mood == "act" and words & (self.accident | self.game | self.gentle):
            return False
        if f.mood == "act" and not forceful and words & self.mishap:
            return False
        return not (f.mood == "fear" and words & self.accident)

    def _harm_by_adult(self, text: str, words: set[str], f: _Frame, forceful: bool) -> bool:
        if f.lemma == "beat" and re.search(r"\bbeat\w* \w+( \w+)? (at|in|to)\b", text):
            return False  # "beat my son at chess"
        if self.childhood.search(text) or self.news.search(text):
            return False
        if words & (self.game | self.accident):
            return False
        if f.kind == "threat":
            return not self.threat_mild.search(text)  # "threatened him with an early night"
        threat = re.search(r"\b(threaten\w*|tried|try) to\b", text)
        done = f.mood == "act" and f.form in self.weak_past_acts  # "he strangled me"
        if f.kind == "weak" and not (f.whom == "me" and f.mood == "fear") and not (threat or done):
            return False  # "he'll kill me when he sees the car": an idiom
        return not (f.kind == "manner" and not forceful)

    def _self_injury(self, sentence: list[str]) -> list[Hit]:
        found = []
        for v, token in enumerate(sentence[:-1]):
            if token not in self.injury_self or sentence[v + 1] != "myself":
                continue
            agent, s = self.subject(sentence, v)
            if agent not in ("me", "none") or self.negated(sentence, s, v):
                continue
            after = sentence[v + 2 : v + 6]
            window = set(sentence[max(0, v - 10) : v])
            intended = bool(window & (self.urge | self.fear | self.thought | self.urge_weak))
            means = bool(set(after) & self.self_means)
            if after[:1] == ["again"] and after[1:2] and after[1] in self.self_where:
                means = bool(set(after[2:]) & (self.self_means - {"again"}))  # "again on the table"
            means = means or bool({"purpose", "deliberately"} & set(sentence[v + 2 :]))
            nxt = after[0] if after else "."
            if nxt == "again":
                nxt = after[1] if len(after) > 1 else "."
            everyday = nxt in self.self_where or (nxt.endswith("ing") and nxt != "again")
            everyday = everyday and token not in self.deliberate_self
            if token in ("kill", "killing", "killed") and nxt in ("laughing", "trying", "with"):
                continue
            if intended or means or not everyday:
                if set(sentence) & self.accident and not intended:
                    continue
                found.append(Hit("self", f"I + {token} + myself"))
        return found

    def _own_death(self, sentence: list[str]) -> list[Hit]:
        """Wanting, hoping or planning one's own death; or not wanting life itself."""
        text = " ".join(sentence)
        for match in self.life.finditer(text):
            agent, _ = self.subject(sentence, text[: match.start()].count(" "))
            if agent in ("me", "none"):
                return [Hit("self", "life itself refused")]
        words = set(sentence)
        if not words & self.stance:
            return []
        for match in self.death.finditer(text):
            at = text[
                : match.start("v")
                if "v" in match.groupdict() and match.group("v")
                else match.start()
            ].count(" ")
            agent, _ = self.subject(sentence, at)
            mine = match.group().startswith("my ") or "myself" in match.group()
            if agent not in ("me", "none") and not mine:
                continue  # "my funeral" is mine whoever else the sentence names
            for i, word in enumerate(sentence):
                if word not in self.stance:
                    continue
                who, ws = self.subject(sentence, i)
                fright = word in ("thought", "think") and "going" in sentence[i : i + 6]
                if fright:
                    continue  # "I thought I was going to die when she ran off": a fright
                # The stance's own clause: "I could not wake up and that would be fine".
                starts = [c for c in range(i) if sentence[c] in CLAUSE_STARTS or sentence[c] == ","]
                clause = max([*starts, ws])
                # "dying feels like rest": the death itself is what the stance is said of.
                about_it = ws == at
                if (who in ("me", "none") or about_it) and not self.negated(sentence, clause, i):
                    return [Hit("self", "my own death, with a stance towards it")]
        return []

    def _phrases(self, sentence: list[str], ctx: _Context) -> list[Hit]:
        found = []
        text = " ".join(sentence)
        words = set(sentence)
        news: bool | None = None  # looked up only when a phrase matches
        adult_here = ctx.adult_named or bool(words & self.adult_markers)
        for phrase in self.phrases:
            match = phrase.search(words, text)
            if match is None:
                continue
            group, spec = phrase.group, phrase.spec
            if news is None:
                news = bool(self.news.search(text))
            if news and group != "child":
                continue
            at = text[: match.start()].count(" ")  # the token where the phrase starts
            agent, s = self.subject(sentence, at)
            if sentence[at] in ("he", "she", "they") or sentence[at] in NAMES:
                agent, s = ("name" if sentence[at] in NAMES else "pronoun"), at  # "he threatened"
                if sentence[at] in (NAMED_ADULT, NAMED_CHILD):
                    agent = "adult" if sentence[at] == NAMED_ADULT else "child"
            person = agent in ("pronoun", "name") and sentence[s] not in ("we", "you")
            adult = self._adult_in_phrase(sentence, s, ctx) if person else adult_here
            if spec.get("adult") and (agent == "child" or not adult):
                continue
            if spec.get("subject") == "i" and agent not in ("me", "none"):
                continue
            # A denial that compares is none: "I've never wanted to die as much as tonight".
            denied = spec.get("negatable") and self.negated(sentence, s, at)
            if denied and not _COMPARED.search(" ".join(sentence[at:])):
                continue
            if group == "child" and agent in ("adult", "pronoun", "child", "name"):
                # Said of someone else ("the nanny was rough with him"): another's harm.
                if agent == "child" or sentence[s] in ("we", "you", "they"):
                    continue
                if agent in ("pronoun", "name") and not adult:
                    continue
                group = "others"
            found.append(Hit(group, f"{group} phrase {phrase.number}"))
        return found

    def _adult_in_phrase(self, sentence: list[str], s: int, ctx: _Context) -> bool:
        """The "he", "she" or first name a phrase is said of is an adult (as in the frames)."""
        referent = self.people.referent(sentence[:s], sentence[s])
        if not referent and self.people.child_doings(sentence):
            return False  # "he said he'd kill me if I threw away his drawing, he's four"
        referent = referent or self.people.referent(ctx.earlier, sentence[s])
        if referent:
            return referent == "adult"
        if ctx.adult_named or set(sentence) & self.adult_markers:
            return True
        return sentence[s] in NAMES or not set(ctx.earlier + sentence[:s]) & self.children
