"""Load and check prompts.yaml into frozen Question and Questionnaire objects.

The packaged copy sits inside the wheel; in an editable checkout it is read from the
repository root (hatchling's force-include does not reach editable installs). A person may
replace it with their own file; every problem names the file, the question id and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from attachjournal.errors import PromptsError

KINDS = ("scale", "choice", "multi", "text", "yesno", "person")
QUESTIONNAIRES = ("reflect", "rupture", "repair")
REVIEW_CONDITIONS = (
    "always",
    "ruptures",
    "open_ruptures",
    "no_ruptures",
    "few_checkins",
    "echoes",
    "repairs",
    "parenting",
    "partner_ruptures",
    "heavy",
)
# The ids the review, export and tests rely on (DOMAIN.md); a user's file must keep them.
REQUIRED_IDS = {
    "reflect": (
        "resourced",
        "mood",
        "feelings",
        "refill",
        "drain",
        "serve_return",
        "serve_return_note",
        "connection",
        "echo",
        "echo_note",
        "kind_to_self",
        "note",
    ),
    "rupture": (
        "who",
        "what",
        "intensity",
        "my_feelings",
        "my_need",
        "their_inner_world",
        "sure",
        "context",
        "older_echo",
        "resourced_then",
    ),
    "repair": ("reached_first", "calmed_first", "moves", "connected", "next_time", "kind_to_self"),
}


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    min: int = 1
    max: int = 5
    low: str = ""
    high: str = ""
    when: tuple[tuple[str, tuple[Any, ...]], ...] = ()  # (earlier id, accepted values)
    past_text: str | None = None  # the wording for a check-in written for an earlier day
    # `when: {answered: [a, b]}`: asked only once one of these earlier questions has an answer.
    when_answered: tuple[str, ...] = ()
    # Never asked any more, kept so that old entries still show their labels (see prompts.yaml).
    retired: bool = False
    # The wording used when the person the entry is about is a partner: us, not parenting.
    partner_text: str = ""
    partner_choices: tuple[tuple[str, str], ...] = ()
    # Choices no longer offered; old answers holding them stay valid and keep their labels.
    retired_choices: tuple[tuple[str, str], ...] = ()

    def label_for(self, value: str) -> str:
        return dict(self.choices + self.retired_choices).get(value, value)

    def worded_for(self, role: str | None) -> Question:
        """This question as put to someone writing about a person with this role."""
        if role != "partner" or not (self.partner_text or self.partner_choices):
            return self
        labels = dict(self.partner_choices)
        return replace(
            self,
            text=self.partner_text or self.text,
            choices=tuple((value, labels.get(value, label)) for value, label in self.choices),
            partner_text="",
            partner_choices=(),
        )

    @property
    def values(self) -> tuple[str, ...]:
        """Every valid value: the ones offered, then retired ones (valid, never offered)."""
        return tuple(v for v, _ in self.choices + self.retired_choices)


@dataclass(frozen=True)
class Questionnaire:
    name: str
    title: str
    intro: str
    questions: tuple[Question, ...]  # the ones asked today, in order
    retired: tuple[Question, ...] = ()  # no longer asked; old entries still hold their answers
    quick: tuple[tuple[str, str], ...] = ()  # `--quick`: (id, shorter wording or "")

    def get(self, question_id: str) -> Question | None:
        """A question by id, retired ones included (an old answer still shows its labels)."""
        return next((q for q in self.questions + self.retired if q.id == question_id), None)

    @property
    def all_questions(self) -> tuple[Question, ...]:
        """Asked and retired: a retired id given with -a or in an old answers file still saves."""
        return self.questions + self.retired

    def worded_for(self, role: str | None) -> Questionnaire:
        """The questionnaire as asked about someone with this role (a partner: us-wording)."""
        questions = tuple(q.worded_for(role) for q in self.questions)
        return self if questions == self.questions else replace(self, questions=questions)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)

    def in_past(self) -> Questionnaire:
        """The questions as asked about an earlier day: `past_text` wherever one is given
        (so a back-dated check-in never asks how I feel "right now")."""
        from dataclasses import replace

        return replace(
            self,
            questions=tuple(
                replace(q, text=q.past_text) if q.past_text else q for q in self.questions
            ),
        )


@dataclass(frozen=True)
class ReviewQuestion:
    text: str
    when: str | tuple[str, ...] = "always"  # a list means every condition must hold


@dataclass(frozen=True)
class Prompts:
    source: str
    questionnaires: dict[str, Questionnaire] = field(default_factory=dict)
    review_questions: tuple[ReviewQuestion, ...] = ()

    def __getitem__(self, name: str) -> Questionnaire:
        return self.questionnaires[name]


def storable(text: str) -> str:
    """Text UTF-8 can hold: each lone surrogate (bytes a non-UTF-8 terminal passed through, or a
    \\udcff escape in YAML or JSON) becomes U+FFFD instead of failing the save later."""
    return _SURROGATE.sub("\ufffd", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def packaged_path() -> Path:
    """The shipped prompts.yaml: inside the installed package, or at the checkout's root."""
    package = Path(__file__).resolve().parents[1]
    inside = package / "prompts.yaml"
    if inside.is_file():
        return inside
    return package.parents[1] / "prompts.yaml"


def load(path: Path | None = None) -> Prompts:
    """Read and validate a prompts file (the packaged one when path is None)."""
    source = Path(path) if path is not None else packaged_path()
    name = str(source)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptsError(f"{name}: no such prompts file.") from None
    except IsADirectoryError:
        raise PromptsError(f"{name}: is a directory, not a prompts file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptsError(f"{name}: cannot be read ({type(exc).__name__}).") from None
    # Only the file we ship is trusted to the C parser: libyaml can crash the process on a
    # hostile file (very deep nesting), where the Python parser raises an error we can report.
    return parse(_read_yaml(text, name, trusted=path is None), name)


def _read_yaml(text: str, name: str, *, trusted: bool = False) -> Any:
    """YAML text -> plain data, remembered as JSON keyed by the text itself.

    Importing PyYAML costs about as much as everything else `attach review` does apart from
    opening the database, and the parsed file only changes when its text does. The copy is
    only an aid: any problem with it and the YAML is simply parsed again.
    """
    import json

    cached = _cache_file(text)
    if cached is not None:
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    import yaml

    # The C loader (when PyYAML was built with libyaml) parses the file several times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if trusted else yaml.SafeLoader
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PromptsError(f"{name}: is not valid YAML{where}.") from None
    except RecursionError:
        raise PromptsError(f"{name}: is nested too deeply to be a prompts file.") from None
    if cached is not None:
        _remember(cached, data)
    return data


def _cache_file(text: str) -> Path | None:
    import hashlib

    from attachjournal.paths import cache_dir

    try:
        folder = cache_dir()
    except Exception:  # no usable home directory: simply no cache
        return None
    digest = hashlib.sha256(f"prompts-v1\0{text}".encode()).hexdigest()[:32]
    return folder / f"prompts-{digest}.json"


def _remember(target: Path, data: Any) -> None:
    import json
    import os

    from attachjournal.paths import ensure_private_dir

    try:
        dumped = json.dumps(data, ensure_ascii=False)
        if json.loads(dumped) != data:
            return  # YAML gave something JSON can't hold exactly (a date, a number as a key)
        ensure_private_dir(target.parent)
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        # O_EXCL | O_NOFOLLOW: never written through something planted under that name.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(partial, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dumped)
        os.replace(partial, target)
    except (OSError, TypeError, ValueError):
        # A cache that can't be written is no reason to stop: the prompts were parsed anyway.
        return


def parse(data: Any, name: str = "prompts.yaml") -> Prompts:
    if not isinstance(data, dict):
        raise PromptsError(f"{name}: expected a mapping with a 'questionnaires' key.")
    raw_sets = data.get("questionnaires")
    if not isinstance(raw_sets, dict):
        raise PromptsError(f"{name}: 'questionnaires' must be a mapping of name -> questionnaire.")
    questionnaires = {}
    for set_name in QUESTIONNAIRES:
        if set_name not in raw_sets:
            raise PromptsError(f"{name}: questionnaire '{set_name}' is missing.")
        questionnaires[set_name] = _questionnaire(raw_sets[set_name], set_name, name)
    return Prompts(
        source=name,
        questionnaires=questionnaires,
        review_questions=_review_questions(data.get("review_questions", []), name),
    )


def _questionnaire(raw: Any, set_name: str, name: str) -> Questionnaire:
    where = f"{name}: questionnaire '{set_name}'"
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise PromptsError(f"{where}: needs a 'questions' list.")
    questions: list[Question] = []
    for index, item in enumerate(raw["questions"], start=1):
        question = _question(item, index, f"{name}: {set_name}", questions)
        questions.append(question)
    ids = [q.id for q in questions]
    missing = [qid for qid in REQUIRED_IDS[set_name] if qid not in ids]
    if missing:
        raise PromptsError(f"{where}: missing question id(s) {', '.join(missing)}.")
    quick = _quick(raw.get("quick"), where, [q for q in questions if not q.retired])
    return Questionnaire(
        name=set_name,
        quick=quick,
        title=storable(str(raw.get("title") or set_name.capitalize())),
        intro=storable(str(raw.get("intro") or "")),
        questions=tuple(q for q in questions if not q.retired),
        retired=tuple(q for q in questions if q.retired),
    )


def _quick(raw: Any, where: str, questions: list[Question]) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise PromptsError(f"{where}: 'quick' must map question ids to a shorter wording.")
    out = []
    for qid, text in raw.items():
        if not any(q.id == qid for q in questions):
            raise PromptsError(f"{where}: 'quick' names {qid!r}, not a question asked today.")
        out.append((str(qid), storable(str(text or "").strip())))
    return tuple(out)


def _question(item: Any, index: int, where: str, earlier: list[Question]) -> Question:
    if not isinstance(item, dict):
        raise PromptsError(f"{where}, question #{index}: expected a mapping with id, kind, text.")
    qid = item.get("id")
    if not isinstance(qid, str) or not qid.isidentifier():
        raise PromptsError(f"{where}, question #{index}: 'id' must be a word like 'resourced'.")
    here = f"{where}, question '{qid}'"
    if any(q.id == qid for q in earlier):
        raise PromptsError(f"{here}: the id is used twice.")
    kind = item.get("kind")
    if kind not in KINDS:
        raise PromptsError(f"{here}: 'kind' must be one of {', '.join(KINDS)} (got {kind!r}).")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise PromptsError(f"{here}: 'text' is missing.")
    past_text = item.get("past_text")
    if past_text is not None and (not isinstance(past_text, str) or not past_text.strip()):
        raise PromptsError(
            f"{here}: 'past_text' must be the question's wording for an earlier day."
        )
    required = item.get("required", False)
    if not isinstance(required, bool):
        raise PromptsError(f"{here}: 'required' must be true or false.")
    if kind == "text" and required:
        raise PromptsError(f"{here}: free text is never required; remove 'required'.")
    retired = item.get("retired", False)
    if not isinstance(retired, bool) or (retired and required):
        raise PromptsError(f"{here}: 'retired' must be true or false, and never with 'required'.")
    choices: tuple[tuple[str, str], ...] = ()
    partner_choices: tuple[tuple[str, str], ...] = ()
    retired_choices: tuple[tuple[str, str], ...] = ()
    if kind in ("choice", "multi"):
        choices = _choices(item.get("choices"), here)
        if item.get("partner_choices") is not None:
            partner_choices = _choices(item.get("partner_choices"), f"{here} (partner_choices)")
            stray = [v for v, _ in partner_choices if v not in dict(choices)]
            if stray:
                raise PromptsError(f"{here}: partner_choices names {stray[0]!r}, not a choice.")
        if item.get("retired_choices") is not None:
            retired_choices = _choices(item["retired_choices"], f"{here} (retired_choices)")
            if set(dict(retired_choices)) & set(dict(choices)):
                raise PromptsError(f"{here}: a retired choice is still among the choices.")
    partner_text = item.get("partner_text", "")
    if not isinstance(partner_text, str):
        raise PromptsError(f"{here}: 'partner_text' must be text.")
    when, when_answered = _when(item.get("when"), here, earlier)
    low, high = 1, 5
    if kind == "scale":
        low, high = item.get("min", 1), item.get("max", 5)
        if not (isinstance(low, int) and isinstance(high, int)) or isinstance(low, bool):
            raise PromptsError(f"{here}: 'min' and 'max' must be whole numbers.")
        if not 0 <= low < high <= 10:
            raise PromptsError(f"{here}: the scale must run from min to a larger max within 0-10.")
    return Question(
        id=qid,
        kind=kind,
        text=storable(text.strip()),
        required=required,
        choices=choices,
        min=low,
        max=high,
        low=storable(str(item.get("low") or "")),
        high=storable(str(item.get("high") or "")),
        past_text=storable(past_text.strip()) if past_text else None,
        when=when,
        when_answered=when_answered,
        retired=retired,
        partner_text=storable(partner_text.strip()),
        partner_choices=partner_choices,
        retired_choices=retired_choices,
    )


def _choices(raw: Any, here: str) -> tuple[tuple[str, str], ...]:
    if isinstance(raw, dict):
        pairs = [(storable(str(k)), storable(str(v))) for k, v in raw.items()]
    elif isinstance(raw, list):
        pairs = [(storable(str(v)), storable(str(v))) for v in raw]
    else:
        raise PromptsError(f"{here}: 'choices' must be a list or a mapping value -> label.")
    if not pairs:
        raise PromptsError(f"{here}: 'choices' is empty.")
    for value, _ in pairs:
        if not value or "," in value or value != value.strip():
            raise PromptsError(f"{here}: choice value {value!r} must be non-empty, without commas.")
    if len({v for v, _ in pairs}) != len(pairs):
        raise PromptsError(f"{here}: a choice value appears twice.")
    return tuple(pairs)


def _when(
    raw: Any, here: str, earlier: list[Question]
) -> tuple[tuple[tuple[str, tuple[Any, ...]], ...], tuple[str, ...]]:
    """(conditions on values, ids of which one must be answered)."""
    if raw is None:
        return (), ()
    if not isinstance(raw, dict) or not raw:
        raise PromptsError(f"{here}: 'when' must map an earlier question id to a value.")
    answered: tuple[str, ...] = ()
    conditions = []
    for dep_id, expected in raw.items():
        if dep_id == "answered":
            answered = tuple(expected) if isinstance(expected, list) else (expected,)
            for other in answered:
                if not any(q.id == other for q in earlier):
                    raise PromptsError(
                        f"{here}: 'when: answered' names {other!r}, not an earlier question."
                    )
            continue
        dep = next((q for q in earlier if q.id == dep_id), None)
        if dep is None:
            raise PromptsError(
                f"{here}: 'when' names '{dep_id}', which is not an earlier question."
            )
        accepted = tuple(expected) if isinstance(expected, list) else (expected,)
        if dep.kind in ("choice", "multi"):
            unknown = [v for v in accepted if str(v) not in dep.values]
            if unknown:
                raise PromptsError(
                    f"{here}: 'when' uses {unknown[0]!r}, not a choice of '{dep_id}'."
                )
            accepted = tuple(str(v) for v in accepted)
        elif dep.kind == "yesno":
            # Answers are stored as true/false; "yes" as a string would otherwise never match.
            accepted = tuple(_yes_or_no(v, here, dep_id) for v in accepted)
        elif dep.kind == "scale":
            wrong = [v for v in accepted if not _whole_in(v, dep.min, dep.max)]
            if wrong:
                raise PromptsError(
                    f"{here}: 'when' uses {wrong[0]!r}, not a number {dep.min}-{dep.max} "
                    f"of '{dep_id}'."
                )
            accepted = tuple(int(v) for v in accepted)
        conditions.append((dep_id, accepted))
    return tuple(conditions), answered


def _yes_or_no(value: Any, here: str, dep_id: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in ("yes", "y", "true", "on", "1"):
        return True
    if text in ("no", "n", "false", "off", "0"):
        return False
    raise PromptsError(f"{here}: 'when' uses {value!r}, not yes or no for '{dep_id}'.")


def _whole_in(value: Any, low: int, high: int) -> bool:
    if isinstance(value, bool):
        return False
    try:
        number = int(str(value).strip())
    except ValueError:
        return False
    return low <= number <= high


def _review_questions(raw: Any, name: str) -> tuple[ReviewQuestion, ...]:
    if not isinstance(raw, list):
        raise PromptsError(f"{name}: 'review_questions' must be a list.")
    out = []
    for index, item in enumerate(raw, start=1):
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise PromptsError(f"{name}: review question #{index} needs a 'text'.")
        when = item.get("when", "always")
        listed = when if isinstance(when, list) and when else [when]
        if not all(isinstance(w, str) and w in REVIEW_CONDITIONS for w in listed):
            raise PromptsError(
                f"{name}: review question #{index}: 'when' must be one of "
                f"{', '.join(REVIEW_CONDITIONS)} (or a list of them)."
            )
        when = tuple(listed) if isinstance(when, list) else when
        out.append(ReviewQuestion(text=storable(item["text"].strip()), when=when))
    return tuple(out)
